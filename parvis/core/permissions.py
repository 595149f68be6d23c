"""Who may do what: one table of roles and capabilities, and `can(user, action, obj)` to read it.

A person holds roles *on something*: owner, administrator, moderator or member of a space; author of a post or an
event; agent or élu of a territory; the operator of the instance. Each role grants the actions listed against it in
`TABLE`, and `can` answers True when one of the person's roles on `obj` grants `action`. Nothing else in the code
decides "may this person do this": views, the API, templates (`{% can "space.post" space as may_post %}`) and the
services (which refuse, so that hiding a button is never the only guard) all ask here.

The mechanism lives in core because every layer asks it and core imports no Parvis app. What a role *is* belongs to
the app that knows it: each registers a role resolver in its `AppConfig.ready()` (`register_resolver`), a function
`(user, obj) -> roles` — spaces resolve the roles on a space (and on anything with a `space_id`), the agenda the
agents of a territory's common agenda, accounts the operator's roles. Verified mandates (issue 16) plug the élu
role in the same way: the row is in the table already, a resolver will say who holds it.

Speed: resolvers keep what they read on the user object (`remembered`), so that a request reads a person's
memberships once, whatever the number of items a page checks. `roles_changed()` forgets every such memory (called
when a membership, an agenda editor or a permission changes), so that a demoted member loses the capability at once,
in the same process too.
"""

from collections.abc import Callable, Iterable

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
OPERATOR = "operator"
OPERATOR_MODERATOR = "operator_moderator"
HOSTING_LOG_READER = "hosting_log_reader"
TRUSTED_FLAGGER = "trusted_flagger"

# Capabilities within a space, from the plainest role up: each role holds those of the roles before it.
# Polls (`parvis.polls`): a member asks the group a question; voting is for every member, page members included
# (the commune asks its inhabitants); a poll is closed early by its author or the space's moderators.
# The web TV (`parvis.tv`): a channel and its videos speak for the space, so its officers (administrators and owner)
# open channels and publish; a video's captions and details are edited by its uploader and the space's moderators.
_VOTER = {"poll.vote"}
_MEMBER = {"space.post", "poll.create"} | _VOTER
_MODERATOR = _MEMBER | {"space.moderate", "event.edit", "poll.close", "video.edit"}
_ADMIN = _MODERATOR | {"space.administer", "space.speak_for", "space.audit", "tv.channel_create", "tv.publish"}
_OWNER = _ADMIN | {"space.appoint_admin", "space.transfer"}
_OPERATOR_MODERATOR = {"moderation.anything"}

# The table. Rows are roles; an action absent from every row is refused to everyone (`can` refuses unknown actions
# loudly instead, see `ACTIONS`). Documented in docs/architecture.md ("Who may do what").
TABLE: dict[str, frozenset[str]] = {
    # Nobody signed in: reads only, through the visibility rule (which is not a capability: see spaces.models).
    ANONYMOUS: frozenset(),
    # Anyone signed in with an active account.
    PERSON: frozenset({"space.create", "organisation.request"}),
    # The author of the object itself (a post, a comment, an event, a listing): edits and withdraws it.
    AUTHOR: frozenset({"post.edit", "comment.edit", "event.edit", "listing.edit", "poll.close", "video.edit"}),
    # A member of a group (voisinage, associatif, professionnel space that is not an organisation's page).
    MEMBER: frozenset(_MEMBER),
    # A member of an official space or of an organisation's page: reads, comments and answers, but only the
    # officers speak for the institution or the organisation.
    PAGE_MEMBER: frozenset(_VOTER),
    MODERATOR: frozenset(_MODERATOR),
    ADMIN: frozenset(_ADMIN),
    OWNER: frozenset(_OWNER),
    # An agent of a territory: reviews its common agenda and those below it (today, an `agenda.AgendaEditor`).
    AGENT: frozenset({"agenda.review"}),
    # An élu of a territory: no capability yet; verified mandates (issue 16) give it its own.
    ELU: frozenset(),
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
    """Forget what the resolvers remembered: a role was given or taken away."""
    global _generation
    _generation += 1


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
