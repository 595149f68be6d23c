from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import MAX_ID
from parvis.core.text import NameField

from .models import MAX_OPTIONS, OPTION_LIMIT, QUESTION_LIMIT


class PollForm(forms.Form):
    """The question and its answers. The services check the rules (2 to 10 different answers, a date to come) and
    the view puts their sentence next to the field."""

    question = NameField(label=_("Your question"), max_length=QUESTION_LIMIT)
    options = forms.CharField(
        label=_("The answers to choose from, one per line"),
        help_text=_("From 2 to %(count)s answers.") % {"count": MAX_OPTIONS},
        # Ten lines of the longest answer, with their line breaks: longer cannot be a valid list.
        max_length=(OPTION_LIMIT + 2) * MAX_OPTIONS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    multiple = forms.BooleanField(label=_("People may choose several answers"), required=False)
    named = forms.BooleanField(
        label=_("Show the members who voted for what"),
        help_text=_("Otherwise only the number of votes for each answer is shown."),
        required=False,
    )
    closes_at = forms.DateTimeField(
        label=_("Closes on"),
        help_text=_("Optional. For example 12/06/2027 18:00. Without a date, you close it yourself."),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def option_lines(self) -> list[str]:
        return self.cleaned_data["options"].splitlines()


class VoteForm(forms.Form):
    # Read with getlist: one value in a single-choice poll (radio buttons), several with check boxes.
    options = forms.TypedMultipleChoiceField(
        label=_("Your answer"), coerce=int, error_messages={"required": _("Choose an answer before voting.")}
    )

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here, so that an answer of another poll reaches the service, which says so in words.
        self.fields["options"].choices = [(option.pk, option.text) for option in poll.options.all()]
        self.fields["options"].valid_value = lambda value: str(value).isdigit() and 0 < int(value) <= MAX_ID
