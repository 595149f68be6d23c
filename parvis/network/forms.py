from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ANSWER_LIMIT, QUESTION_LIMIT, TITLE_LIMIT


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
