"""What the load test requests. Generators add the pages of their app through an optional `targets(inhabitant)`,
so a new app brings its pages into the table with its data."""

# Who requests: nobody, the inhabitant's browser session, or the inhabitant's personal access token.
ANONYMOUS, SESSION, TOKEN = "anonymous", "inhabitant", "token"
# Another signed-in person, for pages only some people open (a space's moderator and their queue): the target names
# them with `as_user`, and `bench.prepare` signs them in with a session of their own.
MODERATOR = "moderator"
# The operator of the instance (staff, with the second factor passed in its session): their figures.
OPERATOR = "operator"


def target(name: str, path: str, who: str = ANONYMOUS, kind: str = "page", *, as_user=None) -> dict:
    item = {"name": name, "path": path, "who": who, "kind": kind}
    if as_user is not None:
        item["user_id"] = as_user.pk
    return item
