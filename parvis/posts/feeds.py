"""The three feeds. Each returns a QuerySet of posts the viewer may see; pages cut it with `page_after`."""

from django.db.models import Q

from parvis.spaces.models import Follow, Space, active_memberships
from parvis.territories.models import Territory

from .models import Post


def _official_spaces_above(commune: Territory):
    """The official spaces of the commune and of every territory above it (EPCI, département, région)."""
    # The territories of the commune's path by their keys, its intercommunality by its id: nothing more to read
    # (`ancestor_keys` would load the EPCI's row for its code).
    condition = Q(territory_id=commune.pk)
    for key in commune.path.strip("/").split("/")[:-1]:
        if key:
            level, code = key.split(":", 1)
            condition |= Q(territory__level=level, territory__code=code)
    if commune.epci_id:
        condition |= Q(territory_id=commune.epci_id)
    return Space.objects.official().filter(condition)


def home_feed(user):
    """Spaces I belong to, the official spaces of my commune and above, and the spaces I follow."""
    # The person's spaces as read once for the request (`memberships_of`): plain ids, no subquery to build.
    sources = Q(space_id__in=sorted({membership.space_id for membership in active_memberships(user)}))
    sources |= Q(space__in=Follow.objects.filter(user=user).values("space_id"))
    if user.home_commune_id:
        sources |= Q(space__in=_official_spaces_above(user.home_commune).values("pk"))
    return Post.objects.visible_to(user).filter(sources)


def commune_feed(commune: Territory, user=None):
    """Public content of the commune: public spaces in it or below it, and the official spaces above it. The same
    for everyone (what an anonymous visitor reads), whoever `user` is."""
    in_commune = Q(space__territory__path__startswith=commune.path)
    above = Q(space__in=_official_spaces_above(commune).values("pk"))
    return Post.objects.public().filter(in_commune | above)


def space_feed(space: Space, user):
    return Post.objects.visible_to(user).filter(space=space)
