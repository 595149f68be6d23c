"""The pinned announcements block, included by the spaces page and the home feed without touching their views."""

from django import template

from parvis.core.viewer import kept_for
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
        # The same for the person until the next write (parvis/core/viewer.py): an announcement posted, a membership
        # or a verification changed are writes.
        return {
            "announcements": kept_for(
                user,
                "pinned_announcements",
                lambda: list(ResidenceAnnouncement.objects.for_residents_of(user).for_block()[:5]),
            ),
            "show_space": True,
        }
    return {"announcements": list(announcements.for_block()[:5]), "show_space": False}
