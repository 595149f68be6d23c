from django import template
from django.urls import reverse

from parvis.agenda.ical import absolute

register = template.Library()


@register.simple_tag
def widget_code(territory) -> str:
    """The snippet a commune pastes in its website (autoescaped where it is shown)."""
    src = absolute(reverse("agenda:widget_js"))
    return f'<script src="{src}" data-territoire="{territory.level}/{territory.slug}" async></script>'
