from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField
from parvis.territories.forms import CommuneField

from .captions import MAX_BYTES as MAX_CAPTION_CHARACTERS
from .models import DESCRIPTION_LIMIT, NAME_LIMIT, TITLE_LIMIT, Theme, Visibility


class ChannelForm(forms.Form):
    name = NameField(label=_("Name of the channel"), max_length=NAME_LIMIT)
    description = forms.CharField(
        label=_("What the channel shows"), required=False, max_length=DESCRIPTION_LIMIT, widget=forms.Textarea
    )
    members_may_publish = forms.BooleanField(
        label=_("The members of the space may send videos too"),
        help_text=_("Otherwise only the space's administrators send them. You can change this later."),
        required=False,
    )


class VideoForm(forms.Form):
    """The details of a video and its file. With JavaScript the file goes in pieces (`upload.js`): the form then
    sends the details and the file's size only (`size`), and the pieces follow."""

    title = NameField(label=_("Title"), max_length=TITLE_LIMIT)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Who may watch it"), choices=Visibility.choices, initial=Visibility.PUBLIC, widget=forms.RadioSelect
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        help_text=_("Viewers of the web TV can pick the videos of a theme."),
        choices=[("", _("No theme")), *Theme.choices],
        required=False,
    )
    file = forms.FileField(
        label=_("The video file"),
        help_text=_("MP4, MOV, WebM, MKV or AVI. A large file is sent in pieces and resumes after a lost connection."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )
    size = forms.IntegerField(required=False, min_value=0, max_value=2**62, widget=forms.HiddenInput)


class VideoDetailsForm(forms.Form):
    """What a video says of itself, corrected after it is sent (its file and who may watch it stay)."""

    title = NameField(label=_("Title"), max_length=TITLE_LIMIT)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        help_text=_("Viewers of the web TV can pick the videos of a theme."),
        choices=[("", _("No theme")), *Theme.choices],
        required=False,
    )
    commune = CommuneField(
        label=_("Commune shown"),
        required=False,
        help_text=_("Its name or its postal code. Empty: the commune of the space."),
    )


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.PARVIS_TV_CAPTION_LANGUAGES)
    file = forms.FileField(
        label=_("Captions file (WebVTT, .vtt)"),
        help_text=_("A file of the same language replaces the captions already there."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )


class CollectionForm(forms.Form):
    """A programme or a playlist: its title and what it gathers."""

    title = NameField(label=_("Title"), max_length=TITLE_LIMIT)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddVideoForm(forms.Form):
    video = forms.TypedChoiceField(label=_("Video to add"), coerce=int, choices=())

    def __init__(self, *args, videos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].choices = [(video.pk, video.title) for video in videos]


class ChaptersForm(forms.Form):
    chapters = forms.CharField(
        label=_("Chapters, one per line"),
        help_text=_(
            "A start time, then the title: 00:12:30 The budget. For a point of the session's agenda, write it "
            "before a dash: 00:12:30 Point 3 – Budget. Leave empty to remove the chapters."
        ),
        required=False,
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )


class TvFilterForm(forms.Form):
    """The TV home's filters (GET): a commune among those with a channel, a theme."""

    commune = forms.ChoiceField(label=_("Commune"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("all")), *Theme.choices])

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("all")), *((commune.slug, commune.name) for commune in communes)]


class CaptionTextForm(forms.Form):
    text = forms.CharField(
        label=_("The captions (WebVTT)"),
        help_text=_(
            "The first line is WEBVTT. Then, for each caption, a line with its times (00:01.000 --> 00:04.000), "
            "its text on the next lines, and an empty line before the next one."
        ),
        required=False,
        strip=False,
        max_length=MAX_CAPTION_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true", "class": "tv-caption-text"}),
    )
