from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.territories.models import Level, Territory

from .models import ANSWER_LIMIT, QUESTION_LIMIT, TITLE_LIMIT, Function, RoleKind


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question to the expert"), widget=forms.Textarea(attrs={"rows": 3}), max_length=QUESTION_LIMIT
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=ANSWER_LIMIT)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=TITLE_LIMIT, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, a text, spreadsheet or presentation file (OpenDocument or Office), 20 MB at most."),
        required=False,
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    description = forms.CharField(
        label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    expert = forms.TypedChoiceField(label=_("Expert"), coerce=int)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [(user.pk, name) for user, name in experts]


class RoleForm(forms.Form):
    """A role the operator checked. The commune is typed as its INSEE code (what the register and the prefecture
    use); the service says which fields each kind needs, and why it refuses."""

    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    first_name = forms.CharField(label=_("First name"), max_length=100, widget=forms.TextInput({"autocomplete": "off"}))
    last_name = forms.CharField(label=_("Last name"), max_length=100, widget=forms.TextInput({"autocomplete": "off"}))
    email = forms.EmailField(
        label=_("E-mail address for the invitation"),
        help_text=_("The invitation link is sent there at once; leave it empty to send it later."),
        required=False,
    )
    commune = forms.CharField(
        label=_("Commune (INSEE code)"),
        help_text=_("For an élu of a commune, for example 60057 for Beauvais."),
        max_length=5,
        required=False,
        widget=forms.TextInput({"inputmode": "numeric", "size": 6}),
    )
    function = forms.ChoiceField(label=_("Function of the élu"), choices=[("", "—"), *Function.choices], required=False)
    service = forms.CharField(label=_("Service of the agent"), max_length=120, required=False)
    direction = forms.CharField(label=_("Direction of the agent"), max_length=120, required=False)
    theme = forms.TypedChoiceField(label=_("Theme of the expert"), coerce=int, required=False, empty_value=None)
    starts_on = forms.DateField(label=_("Start date"), widget=forms.DateInput({"type": "date"}))
    ends_on = forms.DateField(
        label=_("End date"),
        help_text=_("The last day of the mandate: the role gives nothing from the next day."),
        widget=forms.DateInput({"type": "date"}),
        required=False,
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "—"), *((theme.pk, theme.name) for theme in themes)]
        self.themes = {theme.pk: theme for theme in themes}

    def clean_commune(self):
        code = self.cleaned_data["commune"].strip()
        if not code:
            return None
        commune = Territory.objects.filter(level=Level.COMMUNE, code=code).first()
        if commune is None:
            raise forms.ValidationError(_("No commune of this site has this INSEE code."))
        return commune

    def clean_theme(self):
        value = self.cleaned_data["theme"]
        return self.themes.get(value) if value is not None else None


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address for the invitation"))


class RegisterFileForm(forms.Form):
    file = forms.FileField(
        label=_("File of the national register of élus"),
        help_text=_("The CSV file published by the State (semicolon separated), 10 MB at most."),
        required=False,
    )
    ends_on = forms.DateField(
        label=_("End of the mandates"),
        help_text=_("Optional: the last day of these mandates, for example the day before the next elections."),
        widget=forms.DateInput({"type": "date"}),
        required=False,
    )
