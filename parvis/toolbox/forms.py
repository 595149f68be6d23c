from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TITLE_LIMIT


class FileForm(forms.Form):
    """A new file: the service checks the document by its content and size, and says why it refuses."""

    title = forms.CharField(
        label=_("Title"),
        help_text=_("Optional: the file's name is used otherwise."),
        max_length=TITLE_LIMIT,
        required=False,
    )
    document = forms.FileField(
        label=_("Document"),
        help_text=_("A PDF, a Word, Excel, PowerPoint or OpenDocument file, or a picture; 10 MB at most."),
        required=False,
    )


class VersionForm(forms.Form):
    document = forms.FileField(label=_("New version of the document"), required=False)
