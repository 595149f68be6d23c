"""What the OpenAPI description must say that django-ninja leaves out, so that clients (and the fuzzer of
tests/e2e/test_api_fuzz.py) can rely on it: every operation that takes input may answer 400 with a sentence naming
each wrong field, and every operation that needs a signed-in caller may answer 401."""

from ninja import NinjaAPI

DETAIL = {
    "title": "DetailOut",
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
METHODS = {"get", "put", "post", "patch", "delete"}


def _json(description: str, name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


class ParvisNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("DetailOut", DETAIL)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in METHODS:
                    continue
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(400, _json("The input does not match this description.", "DetailOut"))
                if operation.get("security"):
                    responses.setdefault(401, _json("Sign in or send a personal access token.", "DetailOut"))
        return schema
