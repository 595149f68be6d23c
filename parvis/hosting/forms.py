from datetime import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.accounts.models import User
from parvis.core.bounds import period_bounds, period_check


class ExportForm(forms.Form):
    """What a judicial request names: a period, an account, or both."""

    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=gettext_lazy("Until (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    account = forms.CharField(
        label=gettext_lazy("Account"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("An e-mail address or an account number; empty for every account."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Request answered"),
        max_length=500,
        help_text=gettext_lazy("The reference of the judicial request (kept in the journal with the export)."),
    )

    def clean_account(self) -> int | None:
        text = self.cleaned_data["account"].strip()
        if not text:
            return None
        if text.isdigit() and len(text) < 19:
            return int(text)
        user_id = User.objects.filter(email__iexact=text).values_list("pk", flat=True).first()
        if user_id is None:
            # An account deleted since still has its rows, under its address of the time.
            raise forms.ValidationError(_("No account has this e-mail address: give its number."))
        return user_id

    def clean(self):
        cleaned = super().clean()
        period_check(self, cleaned)
        return cleaned

    def period(self) -> tuple[datetime | None, datetime | None]:
        return period_bounds(self.cleaned_data.get("since"), self.cleaned_data.get("until"))
