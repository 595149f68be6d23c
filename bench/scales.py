"""How much data each scale holds. `full` is the Oise at the size issue #3 asks for; `small` is a twentieth of it.

Every key is a figure some generator in `bench/generators/` produces. A key no generator claims is reported as
"not generated" in the output, which is how the content types of apps that do not exist yet stay visible.
"""

FULL = {
    # Accounts.
    "inhabitants": 120_000,
    # Spaces of nature associatif or commercial (associations and shops).
    "organisations": 2_000,
    # Spaces of nature voisinage: neighbourhood groups, public, members-only or secret.
    "groups": 3_000,
    # Content of apps that later issues add (posts, agenda, neighbours).
    "posts_and_comments": 1_000_000,
    "events": 200_000,
    "listings": 100_000,
    # Private messages between inhabitants (parvis.messaging), in conversations of about eight.
    "messages": 200_000,
    # Polls in groups (parvis.polls), with their answers and their members' votes.
    "polls": 20_000,
}

SCALES = {
    "full": FULL,
    "small": {key: max(value // 20, 1) for key, value in FULL.items()},
}

# Content the issue asks for and the app that will own it: named in the report while the app does not exist.
PLANNED = {
    "posts_and_comments": "parvis.posts",
    "events": "parvis.agenda",
    "listings": "parvis.neighbours",
    "messages": "parvis.messaging",
}

# Every random choice derives from this seed: the same scale gives the same database, row for row.
SEED = 60

# The shared password of every generated account (hashed once, see generators/accounts.py).
PASSWORD = "parvis-bench-2026"  # noqa: S105 - fictional accounts in a throw-away database
DOMAIN = "bench.parvis.test"
# The signed-in inhabitant of the load test: lives in the largest commune, member of a few spaces.
INHABITANT_EMAIL = f"habitant@{DOMAIN}"


def sizes_for(scale: str, overrides: dict[str, int] | None = None) -> dict[str, int]:
    if scale not in SCALES:
        raise SystemExit(f"Unknown SCALE={scale!r}: choose one of {', '.join(SCALES)}.")
    return {**SCALES[scale], **(overrides or {})}
