from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField

from .models import DESCRIPTION_LIMIT, NAME_LIMIT, TITLE_LIMIT, Visibility


class ChannelForm(forms.Form):
    name = NameField(label=_("Name of the channel"), max_length=NAME_LIMIT)
    description = forms.CharField(
        label=_("What the channel shows"), required=False, max_length=DESCRIPTION_LIMIT, widget=forms.Textarea
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
    file = forms.FileField(
        label=_("The video file"),
        help_text=_("MP4, MOV, WebM, MKV or AVI. A large file is sent in pieces and resumes after a lost connection."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )
    size = forms.IntegerField(required=False, min_value=0, max_value=2**62, widget=forms.HiddenInput)


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.PARVIS_TV_CAPTION_LANGUAGES)
    file = forms.FileField(
        label=_("Captions file (WebVTT, .vtt)"),
        help_text=_("A file of the same language replaces the captions already there."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
