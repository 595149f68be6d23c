from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.territories.forms import CommuneField

from .models import (
    ADDRESS_LIMIT,
    ANSWER_LIMIT,
    DESCRIPTION_LIMIT,
    MAX_PHOTOS,
    MESSAGE_LIMIT,
    NOTE_LIMIT,
    QUESTION_LIMIT,
    State,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files in one input; each is checked by its content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(each, initial) for each in files]


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of problem?"))
    description = forms.CharField(
        label=_("Describe the problem"),
        help_text=_("What you see, and since when. Do not write anyone's name."),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    address = forms.CharField(
        label=_("Address"),
        help_text=_("The street and number, or a landmark (“in front of the school”)."),
        max_length=ADDRESS_LIMIT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    commune = CommuneField(label=_("Commune"), required=False)
    latitude = forms.CharField(label=_("Latitude of the pin"), required=False, max_length=20)
    longitude = forms.CharField(label=_("Longitude of the pin"), required=False, max_length=20)
    photos = PhotosField(
        label=_("Photos"),
        help_text=_(
            "Up to %(count)s photos. They are published once the town hall has looked at them, without their "
            "location data."
        )
        % {"count": MAX_PHOTOS},
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my name"),
        help_text=_("Your name stays off the report's page too. The town hall's agents know it."),
        required=False,
    )
    # Ticked on the second sending, once the person saw the similar reports and said theirs is another one.
    not_a_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [("", _("Choose…"))] + [(str(c.pk), c.name) for c in categories]

    def chosen_category(self):
        return self.categories.get(self.cleaned_data.get("category"))


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=[c for c in State.choices if c[0] != State.NEW])
    message = forms.CharField(
        label=_("Message to the reporter"),
        help_text=_("Public on the report's page, signed by the service."),
        max_length=MESSAGE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulkForm(StateForm):
    reports = forms.TypedMultipleChoiceField(coerce=int, label=_("Reports"), choices=())

    def __init__(self, *args, report_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [(pk, pk) for pk in report_ids]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        help_text=_("Read by the service's agents only."),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agents = {a.pk: a for a in agents}
        self.fields["assignee"].choices = [("", _("Nobody"))] + [(a.pk, a.public_name) for a in agents]


def service_choices(services, empty: str) -> list[tuple[str, str]]:
    """A service named with its institution's space ("Services techniques — Beauvais"): two communes may each have
    their "Services techniques"."""
    return [("", empty)] + [(str(s.pk), f"{s.name} — {s.space.name}") for s in services]


class ServiceChoiceForm(forms.Form):
    """A form whose `service` field offers the services given to it, and gives back the one chosen."""

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = service_choices(services, _("Choose…"))

    def chosen_service(self):
        return self.services.get(self.cleaned_data.get("service"))


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All open"))] + list(State.choices), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    commune = CommuneField(label=_("Commune"), required=False, suggest=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices(services, _("All your services"))


class QuestionForm(ServiceChoiceForm):
    service = forms.ChoiceField(label=_("Which service do you ask?"))
    text = forms.CharField(
        label=_("Your question"),
        help_text=_("Do not write anyone's name, nor your own details: the service answers you here."),
        max_length=QUESTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public = forms.TypedChoiceField(
        label=_("Who may read it?"),
        coerce=lambda value: value == "public",
        choices=[
            ("public", _("Everyone, once answered: it joins the commune's questions and answers (without your name)")),
            ("private", _("Only me and the service's agents")),
        ],
        initial="public",
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        help_text=_("Signed by the service and its space, never by your name."),
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class FaqSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the questions"), max_length=100, required=False)


class ServiceForm(forms.Form):
    space = forms.ChoiceField(label=_("Institution"))
    name = forms.CharField(
        label=_("Name of the service"),
        help_text=_("As inhabitants know it: “Services techniques”, “Voirie départementale”."),
        max_length=120,
    )

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spaces = {str(s.pk): s for s in spaces}
        self.fields["space"].choices = [(str(s.pk), s.name) for s in spaces]

    def chosen_space(self):
        return self.spaces.get(self.cleaned_data.get("space"))


class CategoryForm(ServiceChoiceForm):
    service = forms.ChoiceField(label=_("Service in charge"))
    name = forms.CharField(
        label=_("Name of the category"),
        help_text=_("The problem as inhabitants say it: “Éclairage public”, “Dépôt sauvage”."),
        max_length=120,
    )
    commune = CommuneField(
        label=_("Only in this commune"),
        help_text=_("Leave empty to offer it in the whole territory of the service's institution."),
        required=False,
    )
