from django import forms
from django.utils.translation import gettext_lazy as _


class KeepChoice:
    KEEP = "keep"
    REMOVE = "remove"


class AccountDeleteForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("Your choice for what you wrote"),
        choices=[
            (KeepChoice.REMOVE, _("Remove it: my posts, comments, polls, events and messages are deleted")),
            (KeepChoice.KEEP, _("Keep it, signed “Former member”: conversations stay readable for the others")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to what you wrote.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm it is you.")},
    )
    code = forms.CharField(
        label=_("Or a code of your authentication app"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be recovered."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, second_factor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if second_factor:
            # Either one confirms: the password, or a code of the app (an account signed up through an identity
            # provider may have no password).
            self.fields["password"].required = False
        else:
            del self.fields["code"]

    def clean(self):
        data = super().clean()
        if "code" in self.fields and not data.get("password") and not data.get("code"):
            self.add_error("password", _("Type your password, or a code of your authentication app."))
        return data
