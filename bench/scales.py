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
    # Reports on posts and comments (parvis.moderation): about one item in a hundred is reported, most of them
    # decided, a sixth still open in the queues; each report and decision writes its audit entry.
    "reports": 10_000,
    # Notifications over two years (parvis.notifications): comments on one's posts and new posts in followed spaces,
    # about seventeen per inhabitant, most of them read.
    "notifications": 2_000_000,
    # The directory (parvis.directory): shops' offers to residents over two years, and school classes' spaces
    # opened by parents (with their schools' pages); every association, shop and school has its profile.
    "offers": 10_000,
    "school_classes": 2_000,
    # Reports to the town hall over two years (parvis.counter), a fifth of them in the largest commune, whose
    # public list and map the bench loads.
    "counter_reports": 50_000,
    # Videos of the web TV over two years (parvis.tv), on the département's and the largest communes' channels.
    "tv_videos": 20_000,
    # Days of the operator's daily figures (parvis.figures): the last month computed from the data by the nightly
    # task's own `figures_compute`, the months before it as the task would have left them.
    "figures_days": 120,
    # The élus–agents network (parvis.network): the councils of the largest communes (about 5,000 élus, mayors,
    # deputies and councillors), agents of three directions and two experts per theme; expert sessions over two
    # years with their questions, votes and answers; the themes' documents with their versions.
    "network_elus": 5_000,
    "network_sessions": 300,
    "network_documents": 3_000,
    # News sent by the largest communes' and the département's official spaces over two years (parvis.bulletins),
    # each with the people it reached (a few hundred on average: about 1.2 million receptions at full scale).
    "bulletins": 4_000,
    # Requests sent through the online procedures' forms (parvis.procedures) over two years, in the counter
    # services' queues of the département and the largest communes, with their answers to each field.
    "procedure_requests": 20_000,
    # The groups' toolbox (parvis.toolbox): files with their versions, posts people saved for later (the pins,
    # rules and questions of groups follow from the groups).
    "group_files": 20_000,
    "saved_posts": 100_000,
    # The hosting log (parvis.hosting): one row per creation, change, deletion and sign-in, kept a year; a few
    # million at the département's scale, read (counted, exported) by the judicial requests' page.
    "hosting_records": 3_000_000,
    # Downloads of one's data (parvis.rights) asked over the year the files and rows are kept.
    "data_exports": 5_000,
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
    "reports": "parvis.moderation",
    "notifications": "parvis.notifications",
    "offers": "parvis.directory",
    "school_classes": "parvis.directory",
}

# Every random choice derives from this seed: the same scale gives the same database, row for row.
SEED = 60

# The shared password of every generated account (hashed once, see generators/accounts.py).
PASSWORD = "parvis-bench-2026"  # noqa: S105 - fictional accounts in a throw-away database
DOMAIN = "bench.parvis.test"
# The signed-in inhabitant of the load test: lives in the largest commune, member of a few spaces.
INHABITANT_EMAIL = f"habitant@{DOMAIN}"
# How many notifications the signed-in inhabitant has, so that their list is a full page at every scale.
INHABITANT_NOTIFICATIONS = 300


def sizes_for(scale: str, overrides: dict[str, int] | None = None) -> dict[str, int]:
    if scale not in SCALES:
        raise SystemExit(f"Unknown SCALE={scale!r}: choose one of {', '.join(SCALES)}.")
    return {**SCALES[scale], **(overrides or {})}
