"""What the load test requests. Generators add the pages of their app through an optional `targets(inhabitant)`,
so a new app brings its pages into the table with its data."""

# Who requests: nobody, the inhabitant's browser session, or the inhabitant's personal access token.
ANONYMOUS, SESSION, TOKEN = "anonymous", "inhabitant", "token"


def target(name: str, path: str, who: str = ANONYMOUS, kind: str = "page") -> dict:
    return {"name": name, "path": path, "who": who, "kind": kind}
