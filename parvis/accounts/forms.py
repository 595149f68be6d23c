from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField
from parvis.territories.forms import CommuneField
from parvis.territories.models import Level, Territory

from .models import ApiScope, ProfileVisibility


class ProfileForm(forms.Form):
    display_name = NameField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("The name others see. Your e-mail address is never shown."),
    )
    bio = forms.CharField(
        label=_("Short presentation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The template writes the input itself (its suggestions and their description); the field cleans it.
    home_commune = CommuneField(label=_("Home commune"), required=False, help_text=_("Its name or its postal code."))
    quartier = forms.ModelChoiceField(
        label=_("Neighbourhood (declared)"),
        help_text=_(
            "Declared by you, not checked. Listings for a neighbourhood reach only its verified residents: enter "
            "your residence code for that."
        ),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    residence = forms.ModelChoiceField(
        label=_("Residence"), queryset=Territory.objects.none(), required=False, empty_label=_("— none —")
    )
    profile_visibility = forms.ChoiceField(
        label=_("Who sees my profile"), choices=ProfileVisibility.choices, widget=forms.RadioSelect
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF picture, 2 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        commune = user.home_commune
        if commune is not None:
            self.fields["quartier"].queryset = Territory.objects.filter(level=Level.QUARTIER, parent=commune)
            self.fields["residence"].queryset = Territory.objects.filter(
                level=Level.RESIDENCE, path__startswith=commune.path
            )
        else:
            del self.fields["quartier"]
            del self.fields["residence"]


class ApiTokenForm(forms.Form):
    name = NameField(label=_("Token name"), max_length=80, help_text=_("What will use it, e.g. “my calendar script”."))
    scope = forms.ChoiceField(
        label=_("Access"), choices=ApiScope.choices, initial=ApiScope.READ, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=30,
        choices=[(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (365, _("one year"))],
    )


class LetterCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the letter"),
        max_length=20,
        help_text=_("The code printed on the letter the town hall sent to your address."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "size": 14, "spellcheck": "false"}),
    )


class LetterCreateForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("The account the letter verifies."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=400,
        help_text=_("As it goes on the envelope: name, street, postal code and commune, one per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
