from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.accounts.models import User
from parvis.core.bounds import MAX_YEAR, MIN_YEAR


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


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
        for name in ("since", "until"):
            day = cleaned.get(name)
            if day and not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name, _("Give a date between the years %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
                )
                cleaned.pop(name, None)
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period comes before its start."))
        return cleaned

    def period(self) -> tuple[datetime | None, datetime | None]:
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        return (
            _day_start(since) if since else None,
            _day_start(until + timedelta(days=1)) if until else None,
        )
