"""Who may do what: one table of roles and capabilities, and `can(user, action, obj)` to read it.

A person holds roles *on something*: owner, administrator, moderator or member of a space; author of a post or an
event; agent or élu of a territory; the operator of the instance. Each role grants the actions listed against it in
`TABLE`, and `can` answers True when one of the person's roles on `obj` grants `action`. Nothing else in the code
decides "may this person do this": views, the API, templates (`{% can "space.post" space as may_post %}`) and the
services (which refuse, so that hiding a button is never the only guard) all ask here.

The mechanism lives in core because every layer asks it and core imports no Parvis app. What a role *is* belongs to
the app that knows it: each registers a role resolver in its `AppConfig.ready()` (`register_resolver`), a function
`(user, obj) -> roles` — spaces resolve the roles on a space (and on anything with a `space_id`), the agenda the
agents of a territory's common agenda, accounts the operator's roles, the network of élus and agents
(`parvis.network.permissions`) the élu, agent and expert roles of its verified, running mandates.

Speed: resolvers keep what they read on the user object (`remembered`), so that a request reads a person's
memberships once, whatever the number of items a page checks. `roles_changed()` forgets every such memory (called
when a membership, an agenda editor or a permission changes), so that a demoted member loses the capability at once,
in the same process too.
"""

from collections.abc import Callable, Iterable

from .viewer import viewer_changed

ANONYMOUS = "anonymous"
PERSON = "person"
AUTHOR = "author"
MEMBER = "member"
PAGE_MEMBER = "page_member"
MODERATOR = "moderator"
ADMIN = "admin"
OWNER = "owner"
AGENT = "agent"
ELU = "elu"
EXPERT = "expert"
OPERATOR = "operator"
OPERATOR_MODERATOR = "operator_moderator"
HOSTING_LOG_READER = "hosting_log_reader"
TRUSTED_FLAGGER = "trusted_flagger"
RESIDENT = "resident"
CONTRIBUTOR = "contributor"

# Capabilities within a space, from the plainest role up: each role holds those of the roles before it.
# Polls (`parvis.polls`): a member asks the group a question; voting is for every member, page members included
# (the commune asks its inhabitants); a poll is closed early by its author or the space's moderators.
# The counter (`parvis.counter`): the agents of a service are the moderators and officers of its institutional space;
# they handle its queue of reports (state, assignment, internal notes).
# The web TV (`parvis.tv`): a channel and its videos speak for the space, so its officers (administrators and owner)
# open channels and publish, and arrange the channels' programmes and playlists (`tv.manage`); a video's captions,
# chapters and details are edited by its uploader and the space's moderators.
# A group's toolbox (`parvis.toolbox`): its members share files (a new version by the file's author or a moderator);
# its officers pin up to three posts on top of the group.
_VOTER = {"poll.vote"}
_MEMBER = {"space.post", "poll.create", "file.upload"} | _VOTER
_MODERATOR = _MEMBER | {"space.moderate", "event.edit", "poll.close", "video.edit", "counter.handle", "file.edit"}
# The authorities' news (`parvis.bulletins`): the officers of a space send; its service also requires an official
# space (a commune's, the département's), since an association's officers speak to their members through posts.
_ADMIN = _MODERATOR | {
    "space.administer",
    "space.speak_for",
    "space.audit",
    "tv.channel_create",
    "tv.publish",
    "bulletin.send",
    "tv.manage",
    "post.pin",
    "alert.send_official",
}
_OWNER = _ADMIN | {"space.appoint_admin", "space.transfer"}
_OPERATOR_MODERATOR = {"moderation.anything"}
_NETWORK_MEMBER = {"network.read", "network.ask", "network.vote", "network.share"}

# The table. Rows are roles; an action absent from every row is refused to everyone (`can` refuses unknown actions
# loudly instead, see `ACTIONS`). Documented in docs/architecture.md ("Who may do what").
TABLE: dict[str, frozenset[str]] = {
    # Nobody signed in: reads only, through the visibility rule (which is not a capability: see spaces.models).
    ANONYMOUS: frozenset(),
    # Anyone signed in with an active account.
    # Recommending a shop or a service of the directory (`parvis.directory`) is open to every person, but the page's
    # own officers (the service refuses them: a shop does not recommend itself).
    PERSON: frozenset({"space.create", "organisation.request", "counter.report", "directory.recommend"}),
    # The author of the object itself (a post, a comment, an event, a listing): edits and withdraws it.
    AUTHOR: frozenset(
        {"post.edit", "comment.edit", "event.edit", "listing.edit", "poll.close", "video.edit", "file.edit"}
    ),
    # A member of a group (voisinage, associatif, professionnel space that is not an organisation's page).
    MEMBER: frozenset(_MEMBER),
    # A member of an official space or of an organisation's page: reads, comments and answers, but only the
    # officers speak for the institution or the organisation.
    PAGE_MEMBER: frozenset(_VOTER),
    MODERATOR: frozenset(_MODERATOR),
    ADMIN: frozenset(_ADMIN),
    OWNER: frozenset(_OWNER),
    # An agent of a territory: reviews its common agenda and those below it (today, an `agenda.AgendaEditor`).
    # In the élus' network (`parvis.network`, roles held on its object `NETWORK` only): an agent of the
    # département opens expert sessions, and takes part as the élus do.
    AGENT: frozenset({"agenda.review"} | _NETWORK_MEMBER | {"network.session_open"}),
    # An élu whose mandate is verified and running (`network.NetworkRole`): reads the network, asks, votes, shares.
    ELU: frozenset(_NETWORK_MEMBER),
    # An expert of a theme of the network: reads it, shares documents, answers the questions of their sessions.
    EXPERT: frozenset({"network.read", "network.share", "network.answer"}),
    # A verified resident of a residence, held on that residence and on the quartier and commune around it
    # (`parvis.alerts`): sends an urgent alert or a lost-and-found to them. The town hall's officers send theirs with
    # `alert.send_official`, held on their official space.
    RESIDENT: frozenset({"alert.send"}),
    # A member of a space whose TV channel its officers opened to the members' videos (`parvis.tv.permissions`, held
    # on that channel only): sends videos to it. The officers keep the programmes, playlists and the channel.
    CONTRIBUTOR: frozenset({"tv.publish"}),
    # The operator of the instance (staff holding `accounts.operate`; staff alone is not enough).
    OPERATOR: frozenset(
        _OPERATOR_MODERATOR
        | {
            "audit.read",
            "figures.read",
            "organisation.verify",
            "quartier.create",
            "space.create_official",
            "space.create_unlimited",
            "space.rename_official",
            "space.see_suspended",
            "space.create",
            "organisation.request",
            "network.verify",
            # Postal letters with a one-time code (accounts.verifications), and the levels each action needs.
            "verification.letter",
            "verification.levels",
            # Federation (`parvis.federation.api`): who follows a space from afar, what left and its state, the blocks.
            "federation.read",
        }
    ),
    # The operator's moderation team (`moderation.moderate_anything`): decides on anything reported, suspends.
    OPERATOR_MODERATOR: frozenset(_OPERATOR_MODERATOR),
    # Whoever answers the judicial requests of the hosting law (`hosting.read_hosting_log`, given by name): the
    # addresses and ports of every author are not the operator's nor the moderators' to read.
    HOSTING_LOG_READER: frozenset({"hosting_log.read"}),
    # A trusted flagger (DSA art. 22), named by the operator (`moderation.trusted_flagger`): their notices are
    # handled first.
    TRUSTED_FLAGGER: frozenset({"moderation.notify_first"}),
}

ACTIONS: frozenset[str] = frozenset().union(*TABLE.values())
# For each action, the roles granting it (computed once: `can` is asked many times a page).
_GRANTING: dict[str, frozenset[str]] = {
    action: frozenset(role for role, actions in TABLE.items() if action in actions) for action in ACTIONS
}

Resolver = Callable[[object, object], Iterable[str]]
# (resolver, the roles it may give): `can` asks only the resolvers that may give a role granting the action, so
# that asking whether someone may post never reads the operator's permissions, and the reverse.
_resolvers: list[tuple[Resolver, frozenset[str]]] = []
_generation = 0


def register_resolver(resolver: Resolver, *, roles: Iterable[str]) -> Resolver:
    """Register `resolver(user, obj)`, giving those of `roles` that a signed-in, active `user` holds on `obj` (obj
    may be None: roles held on the whole instance). It must not query once per object of a list: read once and
    keep it with `remembered`."""
    roles = frozenset(roles)
    unknown = roles - TABLE.keys()
    if unknown:
        raise ValueError(f"roles missing from the table: {sorted(unknown)}")
    if all(resolver is not known for known, _ in _resolvers):
        _resolvers.append((resolver, roles))
    return resolver


def roles_changed() -> None:
    """Forget what the resolvers remembered: a role was given or taken away. What was kept across requests for
    signed-in people (their memberships, their badges) is recomputed too."""
    global _generation
    _generation += 1
    viewer_changed()


def remembered(user, key: str, compute: Callable[[], object]):
    """`compute()` once per user object (so once per request for `request.user`) until `roles_changed()`."""
    memory = user.__dict__.get("_parvis_roles")
    if memory is None or memory[0] != _generation:
        memory = (_generation, {})
        user.__dict__["_parvis_roles"] = memory
    if key not in memory[1]:
        memory[1][key] = compute()
    return memory[1][key]


def recalled(user, key: str):
    """What `remembered` keeps under `key` for this user object, or None if nothing was read yet (or since
    `roles_changed()`): for a read that uses the memory when it is there and asks the database itself otherwise."""
    memory = user.__dict__.get("_parvis_roles") if user is not None else None
    if memory is None or memory[0] != _generation:
        return None
    return memory[1].get(key)


def is_person(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def roles_of(user, obj=None, *, among: frozenset[str] | None = None) -> set[str]:
    """The roles `user` holds on `obj` (those of `among` only, when given: fewer resolvers asked)."""
    if not is_person(user):
        return {ANONYMOUS}
    roles = {PERSON}
    for resolver, gives in _resolvers:
        if among is None or gives & among:
            roles.update(resolver(user, obj))
    return roles


def can(user, action: str, obj=None) -> bool:
    """May `user` (a person, AnonymousUser or None) do `action` on `obj`? An unknown action is a programming error,
    not a refusal: a typo must not pass silently as "nobody may"."""
    granting = roles_with(action)
    return bool(granting & roles_of(user, obj, among=granting))


def roles_with(action: str) -> frozenset[str]:
    """The roles that grant `action`: for reads that list the objects on which a person may act (the spaces one
    moderates, in one query) instead of asking `can` per object."""
    try:
        return _GRANTING[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


def author_roles(user, obj) -> Iterable[str]:
    # Content names its author `author` (posts, comments, listings) or `created_by` (events).
    for field in ("author_id", "created_by_id"):
        author_id = getattr(obj, field, None)
        if author_id is not None and author_id == user.pk:
            return (AUTHOR,)
    return ()


register_resolver(author_roles, roles=[AUTHOR])


# --- Verification graded per action ---------------------------------------------------------------------------------
# Roles say who may act on what; some acts also need the person to be known well enough. Each action needs a level of
# verification, the levels going from the plainest to the strongest: holding a level meets every requirement below
# it. "email" is held by every person (signing in needs a confirmed address); "residence" is a residence code from the
# landlord; "postal" a code received by letter at one's address; "identity" an identity provider (FranceConnect, the
# instance's own); "mandate" an organisation or a mandate the operator verified. Parvis keeps "verified X by Y on
# date", never a document. The defaults are here; the operator overrides any of them (accounts.ActionLevel).
LEVELS: tuple[str, ...] = ("email", "residence", "postal", "identity", "mandate")
LEVEL_DEFAULTS: dict[str, str] = {
    # Posting to one's residence also needs to be a verified resident of *that* residence (parvis.neighbours).
    "residence.post": "residence",
    "elu.message": "email",
    "event.answer_limited": "email",
    "counter.report": "email",
}
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# (levels a person holds, the operator's overrides): given by accounts in its `ready()`.
_level_sources: dict[str, Callable] = {}


def register_levels(*, held: Callable[[object], Iterable[str]], overrides: Callable[[], dict[str, str]]) -> None:
    _level_sources["held"] = held
    _level_sources["overrides"] = overrides


def required_level(action: str) -> str:
    if action not in LEVEL_DEFAULTS:
        raise ValueError(f"unknown graded action {action!r}")
    overrides = _level_sources["overrides"]() if "overrides" in _level_sources else {}
    level = overrides.get(action) or LEVEL_DEFAULTS[action]
    return level if level in _RANK else LEVEL_DEFAULTS[action]


def level_missing(user, action: str) -> str | None:
    """The level `user` lacks to do `action` (graded per action), or None when they hold it or better. A visitor
    lacks every level."""
    needed = required_level(action)
    if not is_person(user):
        return needed
    held = {LEVELS[0], *(_level_sources["held"](user) if "held" in _level_sources else ())}
    best = max(_RANK.get(level, 0) for level in held)
    return None if best >= _RANK[needed] else needed
