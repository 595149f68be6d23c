from django import template

from ..verifications import level_refusal as _level_refusal

register = template.Library()


@register.simple_tag(takes_context=True)
def level_refusal(context, action: str):
    """`{% level_refusal "counter.report" as refusal %}`: what the person lacks for the action, and where to get it
    (None when nothing lacks), so that the page says it before the person fills a form in vain."""
    request = context.get("request")
    return _level_refusal(getattr(request, "user", None), action)
