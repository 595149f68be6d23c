from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlertKind


class AlertForm(forms.Form):
    """A new alert. The choices of "to whom" are the areas the person may send to (built by the view from the
    services); the service checks everything again and says why it refuses."""

    target = forms.ChoiceField(
        label=_("Who should see it"),
        help_text=_("Your residence, your neighbourhood or your commune: only the people living there see it."),
    )
    kind = forms.ChoiceField(label=_("What is it about?"), choices=AlertKind.choices)
    title = forms.CharField(
        label=_("Title"),
        help_text=_("Short and precise, for example “Grey cat lost near building B”."),
        max_length=120,
        required=False,
    )
    text = forms.CharField(
        label=_("Details"),
        help_text=_("Where, when, how to recognise it. Do not give your phone number: people answer by message."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    hours = forms.IntegerField(
        label=_("Shown for (hours)"),
        help_text=_(
            "Optional. Lost and found: 72 hours unless you say otherwise, 7 days at most. Cuts, closed roads and "
            "the rest: 24 hours, 72 at most."
        ),
        min_value=1,
        required=False,
    )
    photo = forms.ImageField(
        label=_("Photo"),
        help_text=_("Optional, one photo (JPEG, PNG or WebP, 10 MB at most): the animal, the object, the place."),
        required=False,
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        help_text=_("For people who cannot see it, for example “a grey tabby cat with a red collar”."),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.fields["hours"].widget.attrs.update({"inputmode": "numeric", "class": "input-short"})


class AlertPreferenceForm(forms.Form):
    official = forms.BooleanField(label=_("Notify me of the town hall's alerts (e-mail at once)"), required=False)
    neighbours = forms.BooleanField(
        label=_("Notify me of my neighbours' alerts (lost and found, safety)"), required=False
    )
