from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ReportReason
from .services import charter_accept


def _charter_help() -> str:
    return format_html('<a href="{}">{}</a>', reverse("charter"), gettext("Read the charter"))


class CharterSignupForm(forms.Form):
    """Mixed into allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): nobody joins without accepting the charter.
    This module must not import allauth's forms, which import it."""

    field_order = ["email", "password1", "password2", "accept_charter"]

    accept_charter = forms.BooleanField(
        label=_("I accept the charter"),
        required=True,
        help_text=lazy(_charter_help, SafeString)(),
        error_messages={"required": _("You must accept the charter to create an account.")},
    )

    def signup(self, request, user) -> None:
        charter_accept(user=user)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Details (optional, required for “Something else”)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    ACTIONS = [
        ("hide", _("Hide it")),
        ("remove", _("Remove it")),
        ("suspend", _("Suspend")),
        ("dismiss", _("Nothing wrong: dismiss the report")),
    ]

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason (sent to the author)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContestForm(forms.Form):
    text = forms.CharField(
        label=_("Why do you contest this decision?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Review"),
        choices=[("uphold", _("Uphold the decision")), ("reverse", _("Reverse it and restore the content"))],
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
