from django import template
from django.urls import reverse
from django.utils.html import escape

from parvis.core.links import absolute_url

register = template.Library()


@register.simple_tag
def widget_code(territory) -> str:
    """The snippet a commune pastes in its website, as text: a plain string, escaped again where it is shown (a
    textarea), never marked safe. Its attribute values are escaped for the page it is pasted into."""
    src = escape(absolute_url(reverse("agenda:widget_js")))
    where = escape(f"{territory.level}/{territory.slug}")
    return f'<script src="{src}" data-territoire="{where}" async></script>'
