"""Forms parse what people typed; the rules (who may, which scope, valid codes) are in services.py.

Fields are mostly optional here on purpose: a missing title or scope reaches the service, whose message says what
to do, so that the HTML form and the API answer with the same sentence."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField
from parvis.territories.forms import CommuneField
from parvis.territories.models import Level, Territory
from parvis.territories.services import commune_resolve

from .models import AnnouncementCategory, Direction, ListingKind, Scope


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Residence code"),
        required=False,
        max_length=40,
        help_text=_("8 letters and digits, written on the notice from your landlord or condo manager."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class QuartierForm(forms.Form):
    commune = CommuneField(label=_("Commune"), max_length=200, help_text=_("Name or postal code."))
    name = NameField(label=_("Name of the neighbourhood"), max_length=200)


class ResidenceForm(forms.Form):
    manager = forms.TypedChoiceField(label=_("Managed by"), coerce=int)
    name = NameField(label=_("Name of the residence"), max_length=120, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    commune = forms.CharField(label=_("Commune"), max_length=200, help_text=_("Name or postal code."))
    quartier = forms.CharField(
        label=_("Neighbourhood (optional)"),
        max_length=200,
        required=False,
        help_text=_("The exact name of one of the commune's neighbourhoods, or nothing."),
    )
    buildings = forms.CharField(label=_("Number of buildings"), max_length=6, required=False, initial="1")
    homes = forms.CharField(label=_("Number of homes"), max_length=6, required=False)

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [(space.pk, space.name) for space in managers]

    def clean(self):
        data = super().clean()
        text = data.get("commune")
        if not text:
            return data
        try:
            commune = commune_resolve(text)
        except ValidationError as error:
            self.add_error("commune", error.messages)
            return data
        data["parent"] = commune
        name = (data.get("quartier") or "").strip()
        if name:
            quartier = Territory.objects.filter(level=Level.QUARTIER, parent=commune, name__iexact=name).first()
            if quartier is None:
                self.add_error("quartier", _("This commune has no neighbourhood with this name."))
            data["parent"] = quartier
        return data


class CodeCreateForm(forms.Form):
    max_uses = forms.CharField(
        label=_("How many people may use it"),
        initial="1",
        max_length=6,
        help_text=_("1 for a code given to one household; more for a notice in the hall."),
    )
    valid_days = forms.CharField(label=_("Valid for (days)"), initial="90", max_length=4, required=False)


class AnnouncementForm(forms.Form):
    category = forms.ChoiceField(label=_("About"), choices=AnnouncementCategory.choices)
    body = forms.CharField(
        label=_("Announcement"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ListingForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("You"),
        choices=[(Direction.OFFER, _("offer something")), (Direction.REQUEST, _("are looking for something"))],
        widget=forms.RadioSelect,
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + list(ListingKind.choices), required=False)
    scope = forms.ChoiceField(
        label=_("Who sees it"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Residence and neighbourhood: only verified residents (who entered their residence code). Commune: the "
            "people who chose your commune in their profile."
        ),
    )
    title = NameField(label=_("Title"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=400,
        required=False,
        help_text=_("For example: weekday evenings, Saturday morning."),
    )
    price = forms.CharField(label=_("Price in euros (sales only)"), max_length=20, required=False)
    # Photos are read from request.FILES.getlist("photos"): a form field holds only one file.
    alt_texts = forms.CharField(
        label=_("Description of each photo, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For people who cannot see the photos: what does each one show?"),
    )


class ListingEditForm(ListingForm):
    """What the author may change on an open listing (who sees it stays as published; photos are not replaced)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["scope"]
        del self.fields["alt_texts"]


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the author"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DoneForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("With whom"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(a.user_id, a.user.public_name) for a in answers]


class ThanksForm(forms.Form):
    message = forms.CharField(label=_("Your thanks"), max_length=1000, required=False)


class BrowseForm(forms.Form):
    scope = forms.ChoiceField(choices=[("", "")] + list(Scope.choices), required=False)
    kind = forms.ChoiceField(choices=[("", "")] + list(ListingKind.choices), required=False)
    direction = forms.ChoiceField(choices=[("", "")] + list(Direction.choices), required=False)
