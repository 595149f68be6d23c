"""The pinned announcements block, included by the spaces page and the home feed without touching their views."""

from django import template

from parvis.neighbours.models import ResidenceAnnouncement

register = template.Library()


@register.inclusion_tag("neighbours/_pinned.html", takes_context=True)
def pinned_announcements(context, space=None):
    """On a residence's space page (`space` given, the viewer may read it): its pinned announcements. On the home
    feed (no space): those of the residences the viewer is a verified resident of."""
    user = context["request"].user
    if space is not None:
        announcements = ResidenceAnnouncement.objects.pinned().filter(residence__space=space)
    else:
        announcements = ResidenceAnnouncement.objects.for_residents_of(user)
    return {"announcements": list(announcements.for_block()[:5]), "show_space": space is None}
