from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import MAX_ID

from .models import LINK_LIMIT, TEXT_LIMIT, TITLE_LIMIT, Theme


def _any_id(value) -> bool:
    # Any id passes the form, so that a place or a group outside the space reaches the service, which says why.
    return str(value).isdigit() and 0 < int(value) <= MAX_ID


class SegmentForm(forms.Form):
    territory = forms.TypedChoiceField(label=_("Where"), coerce=int, required=False, empty_value=None)
    # Check boxes, so that each choice has its own id for its label.
    groups = forms.TypedMultipleChoiceField(
        label=_("Members of your groups"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label=_("Only the people who chose one of these themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, territories=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [("", _("Nobody by place: only the groups below"))] + [
            (t.pk, f"{t.name} ({t.get_level_display()})") for t in territories
        ]
        self.fields["territory"].valid_value = _any_id
        self.fields["groups"].choices = [(g.pk, g.name) for g in groups]
        self.fields["groups"].valid_value = _any_id


class BulletinForm(SegmentForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    text = forms.CharField(label=_("Your news"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}))
    link = forms.CharField(
        label=_("Link"),
        help_text=_("A web page that says more, starting with https://."),
        max_length=LINK_LIMIT,
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    public = forms.BooleanField(
        label=_("Also show it on the space's page"),
        help_text=_("Otherwise only the people it reaches read it."),
        required=False,
        initial=True,
    )


class ThemesForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("My themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    email = forms.BooleanField(
        label=_("E-mail me the news of my commune and my département"),
        help_text=_("Without this, you read them here only. You can stop at any time."),
        required=False,
    )
