"""The style guide: every component of templates/components/ on one page, with sample data, in both themes (the
browser's). Served when PARVIS_STYLE_GUIDE is on (development by default, and the browser checks, which crawl it
for axe-core and the Nu HTML Checker); a 404 in production. Core imports no Parvis app: the samples are plain
objects with the attributes the components read."""

from datetime import timedelta
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NATURES = {
    "institutionnel": gettext_lazy("institutional"),
    "associatif": gettext_lazy("association"),
    "commercial": gettext_lazy("shop"),
    "voisinage": gettext_lazy("neighbourhood"),
    "professionnel": gettext_lazy("professional"),
}


class SampleForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), help_text=gettext_lazy("As your neighbours know you."))
    postal_code = forms.CharField(
        label=gettext_lazy("Postal code"), max_length=5, help_text=gettext_lazy("For example, 60000.")
    )
    about = forms.CharField(
        label=gettext_lazy("A few words about you"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    charter = forms.BooleanField(label=gettext_lazy("I accept the charter"))

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"]
        if not (code.isdigit() and len(code) == 5):
            raise forms.ValidationError(_("A postal code has five digits, for example 60000."))
        return code


class _Territory(SimpleNamespace):
    def __str__(self):
        return self.name


def _space(pk, name, nature, **extra):
    territory = _Territory(name="Beauvais", get_absolute_url=lambda: "#territoire")
    values = {
        "pk": pk,
        "name": name,
        "nature": nature,
        "get_nature_display": NATURES[nature],
        "get_absolute_url": lambda: f"#espace-{pk}",
        "territory": territory,
        "get_visibility_display": _("public"),
        "is_official": False,
        "is_verified": False,
        "organisation_kind": "",
        "cover": None,
    }
    values.update(extra)
    return SimpleNamespace(**values)


def _person(pk, name):
    return SimpleNamespace(pk=pk, public_name=name, avatar=None)


def style_guide(request):
    if not settings.PARVIS_STYLE_GUIDE:
        raise Http404
    spaces = [
        _space(1, "Ville de Beauvais", "institutionnel", is_official=True),
        _space(2, "Les Amis du Lavoir", "associatif", is_verified=True, organisation_kind="association"),
        _space(3, "Boulangerie du Beffroi", "commercial", organisation_kind="shop"),
        _space(4, "Résidence des Peupliers", "voisinage", get_visibility_display=_("members only")),
        _space(5, "Réseau des élus de l'Oise", "professionnel"),
    ]
    people = [_person(304, "Camille Martin"), _person(17, "Yacine Benali"), _person(42, "Élise de la Tour")]
    now = timezone.localtime()
    events = [
        SimpleNamespace(
            pk=pk,
            title=title,
            start=now + timedelta(days=days, hours=2),
            all_day=False,
            space=spaces[index],
            commune=SimpleNamespace(name="Beauvais"),
            is_cancelled=cancelled,
            image=None,
            get_absolute_url=lambda pk=pk: f"#evenement-{pk}",
        )
        for pk, title, days, index, cancelled in (
            (1, "Conseil municipal", 3, 0, False),
            (2, "Vide-greniers du Lavoir", 10, 1, False),
            (3, "Atelier réparation de vélos", 12, 3, True),
        )
    ]
    form = SampleForm(data={"name": "Camille", "postal_code": "6000", "about": ""})
    form.is_valid()
    tabs = [
        {"label": _("List"), "url": "#liste", "current": True},
        {"label": _("Month"), "url": "#mois", "current": False},
        {"label": _("Map"), "url": "#carte", "current": False},
    ]
    breadcrumb = [
        {"label": "Oise", "url": "#oise"},
        {"label": "Beauvais", "url": "#beauvais"},
        {"label": _("Style guide"), "url": ""},
    ]
    # The sample list follows its own links (?page=3), so that each page of it is a real, distinct page.
    page = Paginator(list(range(50)), 10).get_page(request.GET.get("page", 2))
    natures = [{"value": value, "label": label} for value, label in NATURES.items()]
    return render(
        request,
        "core/style_guide.html",
        {
            "spaces": spaces,
            "people": people,
            "events": events,
            "form": form,
            "clean_form": SampleForm(prefix="vide"),
            "tabs": tabs,
            "breadcrumb": breadcrumb,
            "page": page,
            "natures": natures,
            # Whole seconds: the HTML checker takes at most three digits of a second.
            "sample_iso": (now - timedelta(hours=2)).replace(microsecond=0).isoformat(),
            # /style/ and /style/?page=2 show the same sample page: only the second says its number in the title.
            "page_in_title": "page" in request.GET,
        },
    )
