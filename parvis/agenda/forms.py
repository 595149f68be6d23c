from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import validate_year
from parvis.core.text import NameField

from .models import Accessibility, Category


class EventForm(forms.Form):
    title = NameField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    start = forms.DateTimeField(
        label=_("Start"),
        validators=[validate_year],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    end = forms.DateTimeField(
        label=_("End"),
        required=False,
        validators=[validate_year],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    all_day = forms.BooleanField(label=_("All day"), required=False)
    rrule = forms.CharField(
        label=_("Repetition (optional)"),
        required=False,
        max_length=500,
        help_text=_("In the iCalendar format, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=10 for ten Saturdays."),
    )
    venue_name = NameField(label=_("Venue"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    # Optional: an event with a position appears on the agenda's map (the territorial data has no geocoder).
    latitude = forms.DecimalField(
        label=_("Latitude (optional, for the map)"),
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
        help_text=_("In decimal degrees, e.g. 49.4300 for Beauvais."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional, for the map)"),
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        help_text=_("In decimal degrees, e.g. 2.0800 for Beauvais."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    is_free = forms.BooleanField(label=_("Free"), required=False, initial=True)
    price_text = forms.CharField(label=_("Price"), required=False, max_length=200)
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, choices=Accessibility.choices, widget=forms.CheckboxSelectMultiple
    )
    accessibility_note = forms.CharField(label=_("Accessibility details"), required=False, max_length=500)
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Number of places (empty: no limit)"), required=False, min_value=1, max_value=1_000_000
    )


class GuestRsvpForm(forms.Form):
    name = NameField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), help_text=_("We send you a link to confirm your place."))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (required to refuse; the organisers read it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageParticipantsForm(forms.Form):
    subject = NameField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class ShareForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"))
    comment = forms.CharField(
        label=_("Your comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(str(space.pk), space.name) for space in spaces]
