from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailFrequency


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me about my notifications"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )
