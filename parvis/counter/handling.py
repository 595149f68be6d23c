"""The agents' page of one item of a counter's queue (a report, a request made through a procedure): the same three
forms whatever the item — move it to a new state with a message, add an internal note, assign it to an agent —
each posted alone (`action`), checked by the app's own service, its refusal written back into the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .forms import AssignForm, NoteForm, StateForm


def errors_to_form(form, error: ValidationError, fields: dict | None = None) -> None:
    """A service's refusal on the form's own fields (`fields` renames a service's field to the form's), the rest
    above the form."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = fields.get(field, field)
            for each in errors:
                form.add_error(field if field in form.fields else None, each.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


def item_forms(request, *, agents, assignee_id, acts: dict, state_form=StateForm) -> tuple[dict, bool]:
    """({"state_form", "note_form", "assign_form"}, done). `acts` maps each action to the service call, given the
    form's cleaned data (the assignee as a person) and returning the sentence that confirms it; `done` is true
    when one was taken, so that the view answers with a redirect."""
    action = request.POST.get("action", "")
    forms = {
        "state": state_form(request.POST if action == "state" else None),
        "note": NoteForm(request.POST if action == "note" else None),
        "assign": AssignForm(
            request.POST if action == "assign" else None, agents=agents, initial={"assignee": assignee_id}
        ),
    }
    done = False
    form = forms.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        if action == "assign":
            data["assignee"] = form.agents.get(data["assignee"])
        try:
            confirmed = acts[action](**data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, confirmed)
            done = True
    return {f"{name}_form": each for name, each in forms.items()}, done
