"""Forms parse what people typed; the rules (who may, which territory, valid identifiers) are in services.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parvis.core.permissions import can
from parvis.core.text import NameField
from parvis.territories.forms import CommuneField

from .models import (
    ANSWER_LIMIT,
    MAX_JOIN_QUESTIONS,
    QUESTION_LIMIT,
    RULES_LIMIT,
    JoinPolicy,
    Nature,
    OrganisationKind,
    Role,
    Visibility,
)
from .services.spaces import group_territories


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class SpaceFieldsForm(forms.Form):
    name = NameField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the space is for, and who it is for."),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees the space"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("Public: everyone reads it. Members only: others see its name. Secret: only members know it."),
    )
    join_policy = forms.ChoiceField(
        label=_("Who may join"), choices=JoinPolicy.choices, initial=JoinPolicy.OPEN, widget=forms.RadioSelect
    )


class GroupForm(SpaceFieldsForm):
    nature = forms.ChoiceField(
        label=_("Kind of group"),
        choices=[(Nature.VOISINAGE.value, Nature.VOISINAGE.label), (Nature.ASSOCIATIF.value, Nature.ASSOCIATIF.label)],
        initial=Nature.VOISINAGE,
        widget=forms.RadioSelect,
    )
    territory = forms.ModelChoiceField(
        label=_("Where"),
        queryset=None,
        empty_label=None,
        help_text=_("Your home commune, or one of its neighbourhoods or residences."),
    )

    field_order = ["name", "description", "nature", "territory", "visibility", "join_policy"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = group_territories(user)
        self.fields["territory"].initial = user.home_commune_id


class SettingsForm(SpaceFieldsForm):
    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown but not editable: the service refuses the change anyway, the form says so before.
        if space.is_official or space.is_organisation:
            self.fields["visibility"].disabled = True
            self.fields["visibility"].help_text = (
                _("An official space stays public.") if space.is_official else _("An organisation's page is public.")
            )


class OrganisationForm(forms.Form):
    name = NameField(label=_("Name of the organisation"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=OrganisationKind.choices)
    commune = CommuneField(label=_("Commune"), help_text=_("Its name or its postal code."))
    siret = forms.CharField(
        label=_("SIREN or SIRET number"),
        max_length=30,
        required=False,
        help_text=_("9 or 14 digits, as on an invoice or the Kbis."),
    )
    rna = forms.CharField(
        label=_("RNA number (associations)"),
        max_length=20,
        required=False,
        help_text=_("W followed by 9 digits, as on the receipt of the prefecture."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.home_commune_id and not self.is_bound:
            self.fields["commune"].initial = f"{user.home_commune.name} ({user.home_commune.code})"
        if not can(user, "space.create_official"):
            self.fields["kind"].choices = [c for c in OrganisationKind.choices if c[0] != OrganisationKind.TOWN_HALL]


class InviteForm(forms.Form):
    handle = forms.CharField(
        label=_("Handle of the person to invite"),
        max_length=61,
        help_text=_("The name after “@” on their profile, for example @camille."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in Role.choices if c[0] != Role.OWNER], widget=forms.Select
    )


class CoverForm(forms.Form):
    cover = forms.ImageField(
        label=_("Cover picture"),
        required=False,
        help_text=_(
            "A wide picture (JPEG, PNG or WebP, 10 MB at most), shown at the top of the space and on its card, also "
            "to people who are not members. Without one, a cover is drawn from the space's colour and initials."
        ),
    )
    cover_alt = forms.CharField(
        label=_("What the picture shows"),
        max_length=300,
        required=False,
        help_text=_("In a few words, for people who cannot see it."),
    )
    remove = forms.BooleanField(label=_("Remove the cover picture"), required=False)


class JoinForm(forms.Form):
    """The group's rules to accept and its questions to answer, on the page that asks to join."""

    accept_rules = forms.BooleanField(label=_("I have read the group's rules and I accept them"), required=False)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        if not space.rules.strip():
            del self.fields["accept_rules"]
        if space.join_policy == "request":
            for index, question in enumerate(space.join_question_list):
                self.fields[f"answer_{index}"] = forms.CharField(
                    label=question,
                    max_length=ANSWER_LIMIT,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.space.join_question_list))]


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules of the group"),
        help_text=_("Shown to whoever joins, who must accept them. Leave empty for none."),
        max_length=RULES_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    questions = forms.CharField(
        label=_("Questions to whoever asks to join, one per line"),
        help_text=_("At most 3. Asked when the group is joined on request; you read the answers with the request."),
        max_length=(QUESTION_LIMIT + 2) * MAX_JOIN_QUESTIONS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
