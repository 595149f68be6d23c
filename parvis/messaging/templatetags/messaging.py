from django import template

from .. import recipients

register = template.Library()


@register.simple_tag
def may_write_to(viewer, person) -> bool:
    """`{% may_write_to user person as may_write %}`: show "Write a message" only to whom the person accepts."""
    if viewer is None or not viewer.is_authenticated or viewer.pk == person.pk:
        return False
    return recipients.may_write_to(viewer, person)
