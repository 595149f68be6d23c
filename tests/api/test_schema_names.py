"""Each schema of the API's OpenAPI document is one class: django-ninja names a component after its class alone, so
two apps' `AnswerOut` would be written under one name and the document would describe one app's answers with the
other's fields (clients generated from it would break, and the API fuzzing reports it as a schema violation)."""

from collections import defaultdict

from pydantic import BaseModel

from parvis.api import api


def _models_in(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
    for argument in getattr(annotation, "__args__", ()):
        _models_in(argument, found)


def test_no_two_schema_classes_share_a_name():
    models: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    _models_in(model, models)
                for model in operation.models:
                    _models_in(model, models)
    classes = defaultdict(set)
    for model in models:
        if model.__module__.startswith("parvis."):
            classes[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(where) for name, where in classes.items() if len(where) > 1}
    assert not shared, shared
    assert len(classes) > 50  # the walk reached the apps' schemas
