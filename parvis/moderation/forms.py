from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField

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
    """A notice. Without an account (`anonymous`), the notifier gives their name and e-mail address and explains
    what is wrong (DSA art. 16); everyone declares their good faith."""

    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Explanation (optional, required for “Something else”)"),
        help_text=_("For illegal content, say why it is illegal: the law or the right it breaks, if you know it."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = NameField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("To confirm your notice. It is not shown to the author."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    good_faith = forms.BooleanField(
        label=_("I declare in good faith that the information in this notice is accurate and complete."),
        error_messages={"required": _("Confirm that your notice is accurate and made in good faith.")},
    )

    def __init__(self, *args, anonymous: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if anonymous:
            self.fields["details"].required = True
            self.fields["details"].label = _("Explanation")
            self.fields["details"].error_messages["required"] = _(
                "Say in a few words what is wrong, and why it is illegal if it is."
            )
        else:
            del self.fields["name"], self.fields["email"]


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


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why do you contest this outcome?"),
        help_text=_("Say what the moderators may have missed. You can contest only once."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Explain why you contest this dismissal.")},
    )


class AppealReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Review"),
        choices=[
            ("uphold", _("Uphold the dismissal")),
            ("hide", _("Reverse it: hide the content")),
            ("remove", _("Reverse it: remove the content")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (sent to the person who contested)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
