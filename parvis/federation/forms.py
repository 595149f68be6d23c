from django import forms
from django.utils.translation import gettext_lazy as _


class PersonChoiceForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("My public posts may be followed from Mastodon or Mobilizon"),
        required=False,
        help_text=_("Only what anyone may read without an account leaves: never a post of a members-only group."),
    )
