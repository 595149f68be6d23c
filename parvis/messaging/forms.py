from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.text import NameField

from .models import BODY_LIMIT, Conversation, WhoMayWrite
from .recipients import QUERY_LIMIT

# No max_length on the text fields: the services check the length and say it in a sentence the person can act on
# ("Your message is too long (…); at most 5000"), and the browser's maxlength stops most people before that.


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": BODY_LIMIT}),
        help_text=_("At most 5,000 characters."),
    )
    image = forms.FileField(
        label=_("Attach an image (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("JPEG, PNG, WebP or GIF, 5 MB at most. Only the people of this conversation can see it."),
    )
    image_alt = forms.CharField(
        label=_("Description of the image"),
        required=False,
        max_length=300,
        help_text=_("For people who cannot see it: what does it show?"),
    )


class RecipientSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), required=False, max_length=QUERY_LIMIT)


class NewConversationForm(forms.Form):
    recipients = forms.CharField(
        label=_("Or their @handles (optional)"),
        required=False,
        max_length=1000,
        help_text=_("The @handles shown on people's profiles, separated by spaces or commas (11 at most)."),
    )
    subject = NameField(
        label=_("Subject (optional)"), required=False, max_length=Conversation._meta.get_field("subject").max_length
    )
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_LIMIT}),
        help_text=_("At most 5,000 characters."),
    )


class PreferenceForm(forms.Form):
    who_may_write = forms.ChoiceField(
        label=_("Who may start a conversation with me"), choices=WhoMayWrite.choices, widget=forms.RadioSelect
    )
