from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import validate_year
from parvis.core.text import NameField
from parvis.spaces.models import OrganisationKind

from .models import DIRECTORY_KINDS, RECOMMENDATION_LIMIT, SchoolYear, ShopCategory, Theme


class BrowseForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("any"))] + [(k, label) for k, label in OrganisationKind.choices if k in DIRECTORY_KINDS],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("any"))] + list(Theme.choices))
    category = forms.ChoiceField(
        label=_("Shop category"), required=False, choices=[("", _("any"))] + list(ShopCategory.choices)
    )
    commune = forms.TypedChoiceField(label=_("Commune"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("any"))] + [(c.pk, c.name) for c in communes]


class ProfileForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    activities = forms.CharField(label=_("Activities"), required=False, max_length=2000, widget=forms.Textarea)
    shop_category = forms.ChoiceField(
        label=_("Shop category"), required=False, choices=[("", "—")] + list(ShopCategory.choices)
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per day or group of days, 7 lines at most, e.g. “Tue–Sat: 9:00–12:30, 14:00–19:00”."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    email = forms.CharField(label=_("Public e-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Public phone number"), required=False, max_length=30)
    website = forms.CharField(label=_("Website"), required=False, max_length=300)

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Each kind edits what it shows: themes for associations and venues, category and hours for shops.
        if kind != OrganisationKind.SHOP:
            del self.fields["shop_category"]
        if kind not in (OrganisationKind.ASSOCIATION, OrganisationKind.CULTURAL_VENUE):
            del self.fields["themes"]
        if kind not in (OrganisationKind.SHOP, OrganisationKind.CULTURAL_VENUE):
            del self.fields["opening_hours"]


class OfferForm(forms.Form):
    title = NameField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, max_length=1000, widget=forms.Textarea)
    code = forms.CharField(
        label=_("Discount code"),
        required=False,
        max_length=40,
        help_text=_("Shown only to signed-in people whose home commune is the shop's."),
    )
    valid_from = forms.DateField(
        label=_("From"),
        required=False,
        validators=[validate_year],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today if empty."),
    )
    valid_until = forms.DateField(
        label=_("Until (included)"),
        validators=[validate_year],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("One year at most."),
    )


class SchoolClassForm(forms.Form):
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    school_name = NameField(
        label=_("Or the school's name"),
        required=False,
        max_length=80,
        help_text=_("If the school has no page yet, e.g. “École Jean-Jaurès”."),
    )
    year = forms.ChoiceField(label=_("Class level"), choices=[("", "—")] + list(SchoolYear.choices))
    class_name = NameField(label=_("Class name"), required=False, max_length=20, help_text=_("e.g. “B”."))
    school_year = forms.CharField(label=_("School year"), max_length=12, help_text=_("e.g. 2026-2027."))
    teacher = forms.CharField(
        label=_("The teacher's handle (optional)"),
        required=False,
        max_length=60,
        help_text=_("The teacher becomes an administrator of the class and approves parents, like you."),
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "—")] + [(s.pk, s.name) for s in schools]


class TeacherForm(forms.Form):
    handle = forms.CharField(label=_("The teacher's handle"), max_length=60)


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Why do you recommend it?"),
        help_text=_("A few words for your neighbours: what you liked, what they can expect."),
        max_length=RECOMMENDATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a few words why you recommend it.")},
    )
