from django import forms
from django.utils.translation import gettext_lazy as _

from .channels import CHANNEL_LABELS, CHANNELS
from .models import EmailFrequency


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me about my notifications"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )


def channel_field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class ChannelsForm(forms.Form):
    """One checkbox per kind of notification and channel (the preferences' table). An unchecked row is "none"."""

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        for kind, chosen in table:
            for channel in CHANNELS:
                name = channel_field_name(kind.name, channel)
                self.fields[name] = forms.BooleanField(
                    required=False, initial=channel in chosen, label=f"{kind.label} — {CHANNEL_LABELS[channel]}"
                )

    def rows(self):
        """For the template: (kind, [bound field per channel]) in the table's order."""
        return [
            (kind, [self[channel_field_name(kind.name, channel)] for channel in CHANNELS])
            for kind, _chosen in self.table
        ]

    def choices(self) -> dict:
        return {
            kind.name: {channel for channel in CHANNELS if self.cleaned_data[channel_field_name(kind.name, channel)]}
            for kind, _chosen in self.table
        }
