from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import validate_year
from parvis.core.text import NameField
from parvis.territories.forms import CommuneField

from .models import Accessibility, Category
from .recurrence import MAX_COUNT, Ends, Frequency, MonthlyBy, Repetition, Weekday, WeekOfMonth, build, parse
from .services.events import EVENT_FIELDS


class EventForm(forms.Form):
    """The event page's form, for creating and editing. Repetition is asked in words (parvis/agenda/recurrence.py)
    and the rule built in `clean`; the place is an address, with a pin on a map when JavaScript runs (the map fills
    latitude and longitude, which people without JavaScript may type or leave empty)."""

    space = forms.ChoiceField(label=_("Space where the event is published"))
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
    repeat = forms.ChoiceField(
        label=_("Does the event repeat?"),
        required=False,
        initial=Frequency.NONE,
        choices=[choice for choice in Frequency.choices if choice[0] != Frequency.CUSTOM],
        widget=forms.RadioSelect,
    )
    repeat_days = forms.MultipleChoiceField(
        label=_("Every week, on"),
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    repeat_monthly = forms.ChoiceField(
        label=_("Every month"),
        required=False,
        initial=MonthlyBy.WEEKDAY,
        choices=MonthlyBy.choices,
        widget=forms.RadioSelect,
    )
    repeat_week = forms.ChoiceField(
        label=_("Which week of the month"),
        required=False,
        choices=[("", _("as the start date"))] + WeekOfMonth.choices,
    )
    repeat_weekday = forms.ChoiceField(
        label=_("Which day of the week"),
        required=False,
        choices=[("", _("as the start date"))] + Weekday.choices,
    )
    repeat_day = forms.IntegerField(
        label=_("Day of the month"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Empty: the start date's day. Months without that day are skipped."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    repeat_end = forms.ChoiceField(
        label=_("The repetition ends"),
        required=False,
        initial=Ends.NEVER,
        choices=Ends.choices,
        widget=forms.RadioSelect,
    )
    repeat_until = forms.DateField(
        label=_("Date of the last time"),
        required=False,
        validators=[validate_year],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    repeat_count = forms.IntegerField(
        label=_("Number of times"),
        required=False,
        min_value=2,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    venue_name = NameField(label=_("Venue"), required=False, max_length=200, help_text=_("E.g. Salle des fêtes."))
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("The address is enough; the map below is optional."),
    )
    commune = CommuneField(
        label=_("Commune"),
        required=False,
        help_text=_("Its name or its postal code. Empty: the commune of the space."),
    )
    # Filled by the map's pin (agenda/place-picker.js); without JavaScript, typed or left empty.
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
        help_text=_("In decimal degrees, e.g. 49.4300 for Beauvais."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
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
    approval_required = forms.BooleanField(
        label=_("I approve each participant"),
        required=False,
        help_text=_("Each person who says they come waits for your approval before taking a place."),
    )
    question = forms.CharField(
        label=_("Question asked to those who ask for a place (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example: which dish will you bring? Only with approval of each participant."),
    )
    image = forms.FileField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    image_alt = forms.CharField(
        label=_("Description of the picture"),
        required=False,
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current picture"), required=False)

    # What the services receive, less what the form does not edit (time zone, excluded dates, organiser) or hands
    # over apart (the picture's description, through the media pipeline; the status, through publish and cancel).
    EVENT_FIELDS = tuple(sorted(EVENT_FIELDS - {"time_zone", "exdates", "organiser_space", "image_alt", "status"}))

    def __init__(self, *args, spaces=(), event=None, **kwargs):
        self.event = event
        self.spaces = {space.slug: space for space in spaces}
        if event is not None:
            kwargs.setdefault("initial", initial_from_event(event))
        super().__init__(*args, **kwargs)
        if event is None:
            first = next(iter(self.spaces.values()), None)
            if first is not None and "commune" not in self.initial:
                self.initial["commune"] = commune_label(first.territory.commune)
            self.fields["space"].choices = [(space.slug, str(space.name)) for space in spaces]
            del self.fields["remove_image"]
        else:
            del self.fields["space"]  # an event stays in its space: its readers and answers belong there
            if not event.image:
                del self.fields["remove_image"]
            if event.rrule and parse(event.rrule, tz=event.time_zone).frequency == Frequency.CUSTOM:
                self.fields["repeat"].choices = [
                    *self.fields["repeat"].choices,
                    (Frequency.CUSTOM.value, Frequency.CUSTOM.label),
                ]

    def clean(self):
        data = super().clean()
        if data.get("commune") is None:
            # Left empty: the commune of the space the event is published in (None for a département's space).
            space = self.event.space if self.event is not None else self.spaces.get(data.get("space"))
            data["commune"] = space.territory.commune if space is not None else None
        start = data.get("start")
        repeat = data.get("repeat") or Frequency.NONE
        if repeat == Frequency.CUSTOM and self.event is not None:
            data["rrule"] = self.event.rrule
        elif start is not None:
            repetition = Repetition(
                frequency=repeat,
                weekdays=data.get("repeat_days") or [],
                monthly_by=data.get("repeat_monthly") or MonthlyBy.WEEKDAY,
                week=data.get("repeat_week") or "",
                weekday=data.get("repeat_weekday") or "",
                day=data.get("repeat_day"),
                ends=data.get("repeat_end") or Ends.NEVER,
                until=data.get("repeat_until"),
                count=data.get("repeat_count"),
            )
            tz = self.event.time_zone if self.event is not None else "Europe/Paris"
            try:
                data["rrule"] = build(repetition, start=start, tz=tz)
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "latitude", _("Give both the latitude and the longitude, or neither (the address is enough).")
            )
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the picture for people who cannot see it."))
        return data

    def event_fields(self) -> dict:
        """The cleaned values for event_create / event_update: on creation empty ones are left to the defaults,
        on an edit they are passed, so that emptying a field empties it."""
        data = {name: self.cleaned_data.get(name) for name in self.EVENT_FIELDS}
        data["rrule"] = data["rrule"] or ""
        if self.event is None:
            return {key: value for key, value in data.items() if value not in (None, "") or key == "is_free"}
        return {key: ("" if value is None and key not in NULLABLE else value) for key, value in data.items()}


NULLABLE = {"end", "latitude", "longitude", "capacity", "commune"}


def commune_label(commune) -> str:
    return f"{commune.name} ({commune.code})" if commune is not None else ""


def initial_from_event(event) -> dict:
    """The form's answers for an event: its fields in its own time zone, and its repetition in words."""
    repetition = parse(event.rrule, tz=event.time_zone)
    return {
        **{name: getattr(event, name) for name in EventForm.EVENT_FIELDS if name not in ("start", "end", "rrule")},
        # Aware: the form shows them in the current time zone, the one it reads typed dates in.
        "commune": commune_label(event.commune),
        "start": event.start,
        "end": event.end if event.end != event.start else None,
        "repeat": repetition.frequency,
        "repeat_days": repetition.weekdays,
        "repeat_monthly": repetition.monthly_by,
        "repeat_week": repetition.week,
        "repeat_weekday": repetition.weekday,
        "repeat_day": repetition.day,
        "repeat_end": repetition.ends,
        "repeat_until": repetition.until,
        "repeat_count": repetition.count,
        "image_alt": event.image_alt,
    }


class GuestRsvpForm(forms.Form):
    name = NameField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), help_text=_("We send you a link to confirm your place."))
    share_email = forms.BooleanField(label=_("Share my e-mail address with the organisers"), required=False)


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
