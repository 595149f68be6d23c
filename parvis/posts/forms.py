from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.bounds import MAX_ID
from parvis.posts.models import ReactionKind


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Simple formatting: two stars around words for bold, one star for italics, a dash at the start of a "
            "line for a list. Mention someone with @ followed by their handle."
        ),
    )
    # Photos are read from request.FILES.getlist("photos"): a form field holds only one file.
    alt_texts = forms.CharField(
        label=_("Description of each photo, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For people who cannot see the photos: what does each one show?"),
    )
    as_organisation = forms.TypedChoiceField(label=_("Publish as"), required=False, coerce=int, empty_value=None)
    # A video of the web TV: one of the space's (`videos`), or any the author may watch, by its page's address.
    video = forms.TypedChoiceField(label=_("A video of the space"), required=False, coerce=int, empty_value=None)
    video_link = forms.CharField(label=_("Or the address of a video of the web TV"), required=False, max_length=2000)

    def __init__(self, *args, organisations=(), videos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].choices = [("", _("no video"))] + [(video.pk, video.title) for video in videos]
        if organisations:
            self.fields["as_organisation"].choices = [("", _("myself"))] + [(s.pk, s.name) for s in organisations]
        else:
            del self.fields["as_organisation"]


class EditForm(forms.Form):
    """The edit page's text, read through a form so that a NUL byte is refused with its sentence, not stripped."""

    body = forms.CharField(required=False, max_length=10_000, strip=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    """The comment's new text, through a form so that a NUL byte or a text too long gets its sentence."""

    body = forms.CharField(required=False, max_length=5000, strip=False)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "")] + list(ReactionKind.choices), required=False)


class ShareForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Share into"), coerce=int)
    body = forms.CharField(label=_("A word to go with it"), required=False, max_length=2000)

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(s.pk, s.name) for s in spaces]
