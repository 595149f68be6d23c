from django import template
from django.utils.html import format_html

from parvis.core.submission import FIELD, new_key

register = template.Library()


@register.simple_tag
def submit_key():
    """The hidden field that makes a form create one object, however many times it is sent."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
