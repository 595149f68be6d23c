"""The sections of the weekly digest that this app draws from the agenda, the posts and the neighbours' listings.

The sheet is pinned in a hall, read by anyone: every section reads what an anonymous visitor may read, and nothing
else. Neighbours' listings are never public (`Listing.objects.visible_to`), so the sheet only says how many are open
and where to read them once signed in."""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.agenda.models import Occurrence
from parvis.core import kinds
from parvis.core.links import absolute_url
from parvis.neighbours.models import Listing, Scope
from parvis.posts.models import Post
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory


def _commune(territory: Territory) -> Territory:
    return territory if territory.level == Level.COMMUNE else (territory.commune or territory)


def events(territory: Territory, start, end, limit: int) -> list[kinds.DigestEntry]:
    commune = _commune(territory)
    occurrences = Occurrence.objects.in_agenda_of(commune).for_list().page_in(start, end, size=limit)
    return [
        kinds.DigestEntry(
            title=occurrence.event.title,
            url=absolute_url(occurrence.event.get_absolute_url()),
            when=occurrence.start,
            where=", ".join(
                part for part in (occurrence.event.venue_name, getattr(occurrence.event.commune, "name", "")) if part
            ),
        )
        for occurrence in occurrences
    ]


def _first_line(text: str) -> str:
    line = next((line.strip(" #*") for line in text.splitlines() if line.strip(" #*")), "")
    return Truncator(line).chars(110)


def official_news(territory: Territory, start, end, limit: int) -> list[kinds.DigestEntry]:
    """Posts of the official spaces of the commune (and of the quartier, if it has one), in the week."""
    places = {territory.pk, _commune(territory).pk}
    official = Space.objects.official().filter(territory__in=places)
    posts = (
        Post.objects.public()
        .filter(space__in=official, created_at__gte=start, created_at__lt=end)
        .select_related("space")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        kinds.DigestEntry(
            title=_first_line(post.body) or post.space.name,
            url=absolute_url(post.get_absolute_url()),
            when=post.created_at,
            where=post.space.name,
            summary=Truncator(post.body).words(40) if len(post.body) > 110 else "",
        )
        for post in posts
    ]


def listings(territory: Territory, start, end, limit: int) -> list[kinds.DigestEntry]:
    """How many offers and requests between neighbours are open here: a count, never their content."""
    if territory.level == Level.QUARTIER:
        condition = Q(territory=territory) | Q(territory__parent=territory, scope=Scope.RESIDENCE)
    else:
        condition = Q(territory__path__startswith=territory.path)
    count = Listing.objects.open().filter(condition, expires_at__gte=start).count()
    return kinds.digest_count(
        count,
        few=_("A few offers and requests between neighbours are open."),
        many=lambda count: (
            ngettext(
                "%(count)d offer or request between neighbours is open.",
                "%(count)d offers and requests between neighbours are open.",
                count,
            )
            % {"count": count}
        ),
        url=absolute_url(reverse("neighbours:index")),
        summary=_("Sign in as a neighbour to read them and to answer."),
    )


def register() -> None:
    kinds.register_digest_section(
        kinds.DigestSection(
            name="events",
            heading=_("Events this week"),
            entries=events,
            order=10,
            empty=_("No public event this week."),
        )
    )
    kinds.register_digest_section(
        kinds.DigestSection(
            name="official_news",
            heading=_("News from the town hall"),
            entries=official_news,
            order=20,
            empty=_("No news from the town hall this week."),
        )
    )
    kinds.register_digest_section(
        kinds.DigestSection(name="listings", heading=_("Between neighbours"), entries=listings, order=40, limit=1)
    )
