from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.counter import forms as counter_forms
from parvis.counter.models import State

from .models import (
    AUDIENCE_LIMIT,
    CHOICES_LIMIT,
    DOCUMENTS_LIMIT,
    HELP_LIMIT,
    LABEL_LIMIT,
    MESSAGE_LIMIT,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    VALUE_LIMIT,
    FieldType,
)


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the procedures"), max_length=100, required=False)


class _Checked:
    """A field that leaves "required" and "one of the options" to the service, which checks every field of the form
    at once (the page shows each error together, as the API does) with the same sentences."""

    def validate(self, value):
        return None


class _Text(_Checked, forms.CharField):
    pass


class _Choice(_Checked, forms.ChoiceField):
    pass


class _File(_Checked, forms.FileField):
    pass


class AnswerForm(forms.Form):
    """The procedure's form as the agents built it; the service checks the answers (`answer_submit`)."""

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        for each in fields:
            self.fields[each.key] = self._field(each)

    @staticmethod
    def _field(each):
        common = {"label": each.label, "help_text": each.help_text, "required": each.required}
        if each.type == FieldType.FILE:
            return _File(
                **common, widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
            )
        if each.type == FieldType.CHOICE:
            return _Choice(**common, choices=[(option, option) for option in each.options], widget=forms.RadioSelect)
        if each.type == FieldType.DATE:
            attrs = {"type": "date"}
            if each.min_date:
                attrs["min"] = each.min_date.isoformat()
            if each.max_date:
                attrs["max"] = each.max_date.isoformat()
            return _Text(**common, widget=forms.DateInput(attrs=attrs))
        return _Text(**common, max_length=VALUE_LIMIT, widget=forms.Textarea(attrs={"rows": 3}))

    def values(self) -> tuple[dict, dict]:
        """(texts, files) keyed as the service reads them."""
        texts, files = {}, {}
        for key, value in self.cleaned_data.items():
            if hasattr(value, "read"):
                files[key] = value
            elif value not in (None, False, ""):
                texts[key] = value
        return texts, files


class ProcedureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    summary = forms.CharField(
        label=_("What it is for"), max_length=SUMMARY_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = forms.CharField(
        label=_("Who it is for"),
        help_text=_("For example: families, shopkeepers, everyone"),
        max_length=AUDIENCE_LIMIT,
        required=False,
    )
    documents = forms.CharField(
        label=_("Documents to have ready"),
        help_text=_("One a line."),
        max_length=DOCUMENTS_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    territory = forms.ChoiceField(label=_("Offered in"))
    service = forms.ChoiceField(
        label=_("Service that receives the form"), required=False, help_text=_("Leave empty for a link.")
    )
    link = forms.CharField(
        label=_("Or the link to the online service"),
        help_text=_("The full address, starting with https://."),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def __init__(self, *args, territories=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.territories = {str(t.pk): t for t in territories}
        self.services = {str(s.pk): s for s in services}
        self.fields["territory"].choices = [(str(t.pk), t.name) for t in territories]
        self.fields["service"].choices = [("", _("None: a link"))] + [
            (str(s.pk), f"{s.name} — {s.space.name}") for s in services
        ]


class FieldForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=LABEL_LIMIT)
    help_text = forms.CharField(label=_("Hint"), max_length=HELP_LIMIT, required=False)
    type = forms.ChoiceField(label=_("Type of answer"), choices=FieldType.choices, widget=forms.RadioSelect)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Options"),
        help_text=_("For a choice: one option a line."),
        max_length=CHOICES_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    min_date = forms.CharField(
        label=_("Earliest date"),
        help_text=_("For a date, optional."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    max_date = forms.CharField(
        label=_("Latest date"),
        help_text=_("For a date, optional."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class StateForm(counter_forms.StateForm):
    """The counter's, with the words of a request: its message goes to the sender alone, not to a public page."""

    message = forms.CharField(
        label=_("Message to the sender"),
        help_text=_("Read by the sender only, signed by the service."),
        max_length=MESSAGE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All open"))] + list(State.choices), required=False)
