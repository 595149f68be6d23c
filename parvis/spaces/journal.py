"""The pages of the audit log (`parvis.core.audit`): a space's journal for its administrators, and the whole
journal for the operator, with filters. Nobody else reads it (the Django administration shows it read-only)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.accounts.models import User
from parvis.core.audit import AuditEntry, verb_choices
from parvis.core.bounds import period_bounds, period_check
from parvis.core.permissions import can

from .models import Space
from .views import _administered_space

PAGE_SIZE = 50


def _with_names(page) -> None:
    """One query for the names of the spaces on the page (an entry keeps only its space's id)."""
    ids = {entry.space_id for entry in page.object_list if entry.space_id}
    names = dict(Space.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for entry in page.object_list:
        entry.space_name = names.get(entry.space_id, "")
        entry.detail = (entry.details or {}).get("detail", "") if isinstance(entry.details, dict) else ""


@login_required
def space_journal(request, slug: str):
    """404 for whom may not know the space, 403 for anyone who is not one of its administrators."""
    space = _administered_space(request, slug)
    entries = AuditEntry.objects.for_space(space.pk).for_page()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_names(page)
    return render(request, "spaces/journal.html", {"space": space, "page": page})


class JournalFilterForm(forms.Form):
    verb = forms.ChoiceField(label=gettext_lazy("Act"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Concerning"), required=False)
    space = forms.CharField(
        label=gettext_lazy("Space"),
        required=False,
        max_length=140,
        help_text=gettext_lazy("The end of its address (for example amis-du-lavoir) or its number."),
    )
    actor = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("A handle (@camille), an e-mail address or an account number."),
    )
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("All acts")), *verb_choices()]
        kinds = AuditEntry.objects.exclude(kind="").order_by("kind").values_list("kind", flat=True).distinct()
        self.fields["kind"].choices = [("", _("Everything")), *((kind, kind) for kind in kinds)]

    def clean_space(self) -> int | None:
        text = self.cleaned_data["space"].strip()
        if not text:
            return None
        if text.isdigit() and len(text) < 19:
            return int(text)
        space_id = Space.objects.filter(slug=text.strip("/").rsplit("/", 1)[-1]).values_list("pk", flat=True).first()
        if space_id is None:
            raise forms.ValidationError(_("No space has this address: copy the end of its address, or its number."))
        return space_id

    def clean_actor(self) -> int | None:
        text = self.cleaned_data["actor"].strip()
        if not text:
            return None
        if text.isdigit() and len(text) < 19:
            return int(text)
        if "@" in text[1:]:
            found = User.objects.filter(email__iexact=text)
        else:
            found = User.objects.filter(handle=text.removeprefix("@").lower())
        user_id = found.values_list("pk", flat=True).first()
        if user_id is None:
            raise forms.ValidationError(_("Nobody has this handle or e-mail address."))
        return user_id

    def clean(self):
        cleaned = super().clean()
        period_check(self, cleaned)
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("verb"):
            entries = entries.filter(verb=data["verb"])
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("space") is not None:
            entries = entries.filter(space_id=data["space"])
        if data.get("actor") is not None:
            entries = entries.filter(actor_id=data["actor"])
        # Whole days of the site's time zone, as a range on the indexed column.
        start, end = period_bounds(data.get("since"), data.get("until"))
        if start:
            entries = entries.filter(created_at__gte=start)
        if end:
            entries = entries.filter(created_at__lt=end)
        return entries


@login_required
def operator_journal(request):
    if not can(request.user, "audit.read"):
        raise PermissionDenied(_("Only the operator reads the whole journal."))
    form = JournalFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_page()
    if form.is_bound:
        # A filter typed wrong shows its error and no entries, rather than everything as if unfiltered.
        entries = form.filter(entries) if form.is_valid() else entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_names(page)
    return render(request, "spaces/operator_journal.html", {"form": form, "page": page})
