"""The legal pages: each one its default text filled from the settings, or the operator's own (`LegalText`)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from parvis.core.markdown import render_document

from . import statement
from .models import LegalPage, LegalText


def _page(request, page: str, template: str, **context):
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    own = LegalText.objects.for_page(page, language)
    # The default texts are legal texts written whole in each language, not sentences put together.
    written_in = "fr" if language == "fr" else "en"
    return render(
        request,
        template,
        {
            "operator": statement.operator(),
            "own_text": render_document(own.body) if own else "",
            "own_language": own.language if own else "",
            "default_text": f"legal/default/{page}_{written_in}.html",
            "rights_text": f"legal/default/rights_{written_in}.html",
            **context,
        },
    )


def notice(request):
    return _page(request, LegalPage.NOTICE, "legal/notice.html")


def privacy(request):
    return _page(request, LegalPage.PRIVACY, "legal/privacy.html", purposes=statement.privacy_purposes())


def accessibility(request):
    return _page(request, LegalPage.ACCESSIBILITY, "legal/accessibility.html", **statement.accessibility())


def terms(request):
    return _page(request, LegalPage.TERMS, "legal/terms.html")


def contact(request):
    return _page(request, LegalPage.CONTACT, "legal/contact.html")


def source(request):
    return render(request, "legal/source.html", {"source_url": settings.PARVIS_SOURCE_URL})
