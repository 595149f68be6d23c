from django import template

from parvis.core.media import media_url

register = template.Library()


@register.filter
def media(instance, field: str) -> str:
    """`{{ photo|media:"image_small" }}`: the URL of a carrier's file through the view that checks the reader."""
    return media_url(instance, field)
