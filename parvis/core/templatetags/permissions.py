"""`{% load permissions %}{% can "event.edit" event as may_edit %}`: the permission table in templates.

Hiding a button is a courtesy: the service behind it asks the same question and refuses.
"""

from django import template

from parvis.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.can(user, action, obj)
