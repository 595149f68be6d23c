from django.conf import settings
from django.urls import reverse

from .statement import accessibility_status


def footer(request):
    """The footer's legal links: the accessibility status the RGAA asks every page to show, and where the source
    code is (the operator's repository, or the page that gives the licence)."""
    return {
        "accessibility_status": accessibility_status(),
        "source_url": settings.PARVIS_SOURCE_URL or reverse("legal:source"),
    }
