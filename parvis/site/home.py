"""The home page (`/`): the territory alive for a visitor, the person's own home once signed in; and the list of
communes, which the home page used to be."""

from datetime import timedelta
from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.agenda.models import Event, Occurrence
from parvis.core.bounds import has_nul, nul_message
from parvis.core.middleware import answers_nul_in_query
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.messaging.models import Participant
from parvis.neighbours.models import Listing
from parvis.posts import feeds
from parvis.posts import services as posts_services
from parvis.posts import views as posts_views
from parvis.posts.models import Post
from parvis.spaces.models import (
    JoinPolicy,
    Membership,
    MembershipStatus,
    Space,
    active_memberships,
    memberships_of,
)
from parvis.territories.models import Territory
from parvis.territories.services import instance_territories

from .header import header

# How many items each block of the home page shows: a glance, with a link to the whole list.
NEWS_COUNT = 6
EVENTS_COUNT = 5
GROUPS_COUNT = 6
# How far the signed-in home looks for the person's next events (the agenda shows the rest).
NEXT_EVENTS_SPAN = timedelta(days=92)
# A group's activity is its posts over this many days.
ACTIVE_DAYS = 30
# The visitor's home is the same for every visitor: rendered at most once a minute per language
# (`{% cache %}` in site/home_visitor.html), its querysets are only read when the fragment is rebuilt.
VISITOR_CACHE_SECONDS = 60


def _within(roots, field: str) -> Q:
    """Rows whose `field` territory is one of the instance's territories or below them (explicit territory)."""
    if not roots:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__path__startswith": root.path}) for root in roots))


def territory_news(roots):
    return (
        Post.objects.public()
        .filter(_within(roots, "space__territory"))
        .select_related("space__territory", "author", "as_organisation")
        .order_by("-created_at", "-id")[:NEWS_COUNT]
    )


def territory_events(roots, user=None):
    return (
        Event.objects.visible_to(user)
        .filter(_within(roots, "space__territory"))
        .for_list()
        .upcoming()
        .order_by("start", "pk")[:EVENTS_COUNT]
    )


def active_groups(roots, *, for_user=None):
    """Public groups and pages (not the official spaces) with the most posts lately. With `for_user`, only those
    the person may join without an invitation and is not in yet (the welcome page's offers)."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    groups = Space.objects.readable_by(None).filter(_within(roots, "territory"), is_official=False)
    if for_user is not None:
        groups = groups.exclude(pk__in=Membership.objects.filter(user=for_user).values("space_id")).exclude(
            join_policy=JoinPolicy.INVITATION
        )
    return (
        groups.for_list()
        .annotate(recent_posts=Count("posts", filter=Q(posts__created_at__gte=since, posts__status="published")))
        .order_by("-recent_posts", "name", "pk")
    )


@cache_for_visitors
@answers_nul_in_query
def home(request):
    if request.user.is_authenticated:
        return personal_home(request)
    roots = instance_territories()
    # Lazy querysets: read only when the cached fragment is rebuilt.
    context = {
        "roots": roots,
        "news": territory_news(roots),
        "events": territory_events(roots),
        "groups": active_groups(roots)[:GROUPS_COUNT],
        "cache_seconds": VISITOR_CACHE_SECONDS,
    }
    return render(request, "site/home_visitor.html", context)


def personal_home(request):
    user = request.user
    # The person's memberships, every status, read once for the request (the visibility rule and the roles read
    # the same rows): the composer, the invitations, the requests waiting and the spaces to answer for come from
    # them without a query each.
    memberships = memberships_of(user)
    active = active_memberships(user)
    writable = posts_services.writable_spaces(user)
    administered = [m.space_id for m in active if can(user, "space.administer", m.space)]
    events = next_events(user, sorted({m.space_id for m in active}), user.home_commune_id)
    requests_to_decide = (
        Membership.objects.requested()
        .filter(space_id__in=administered)
        .values("space__slug", "space__name")
        .annotate(count=Count("pk"))
        .order_by("space__name")
        if administered
        else []
    )
    invited = sorted((m for m in memberships if m.status == MembershipStatus.INVITED), key=_newest_first)
    requested = sorted((m for m in memberships if m.status == MembershipStatus.REQUESTED), key=_newest_first)
    context = {
        "writable_spaces": writable,
        "composer_draft": request.session.pop("parvis_draft", ""),
        "events": events,
        "invitations": invited[:10],
        "requests_to_decide": requests_to_decide,
        "my_requests": requested[:10],
        "listing_answers": listing_answers(user) if header(request)["unread_messages"]() else [],
        "is_newcomer": not writable,
    }
    return posts_views.render_feed(request, "site/home.html", context, feeds.home_feed(user))


def next_events(user, spaces: list[int], commune_id: int | None) -> list:
    """The next few events of the coming three months the person may read in their spaces and their commune, each
    once, dated by its next occurrence (a weekly market shows its next Saturday): one indexed range of occurrences per
    source, by space and by commune, rather than one range over the whole agenda filtered row by row. Three months,
    not the year the agenda keeps: a short range is what the databases read by the space's or commune's index."""
    now = timezone.now()
    readable = Occurrence.objects.visible_to(user).for_list()
    sources = [Q(space_id__in=spaces)] if spaces else []
    if commune_id:
        sources.append(Q(commune_id=commune_id))
    found = []
    for source in sources:
        found += readable.filter(source).coming(now, NEXT_EVENTS_SPAN)[: EVENTS_COUNT * 4]
    events, seen = [], set()
    for occurrence in sorted(found, key=lambda occurrence: (occurrence.start, occurrence.pk)):
        if occurrence.event_id not in seen:
            seen.add(occurrence.event_id)
            event = occurrence.event
            event.start, event.end = occurrence.start, occurrence.end
            events.append(event)
    return events[:EVENTS_COUNT]


def _newest_first(membership):
    return (-membership.created_at.timestamp(), -membership.pk)


def listing_answers(user) -> list[Listing]:
    """The person's listings that have unread answers, each with `unread_answers` (messages not yet read)."""
    mine = Listing.objects.visible_to(user).filter(author=user)
    unread = dict(
        Participant.objects.filter(
            user=user, unread_count__gt=0, conversation__context_listing_id__in=mine.values("pk")
        )
        .values_list("conversation__context_listing_id")
        .annotate(total=Sum("unread_count"))
    )
    if not unread:
        return []
    listings = list(mine.filter(pk__in=unread).order_by("-created_at")[:10])
    for listing in listings:
        listing.unread_answers = unread[listing.pk]
    return listings


@login_required
@require_POST
def home_publish(request):
    """The home composer: the same publication as a space's composer, once the chosen space is one the person may
    post in (anything else is refused with a sentence, and what was typed is kept)."""
    try:
        space_id = int(request.POST.get("space", ""))
    except ValueError:
        space_id = None
    space = next((s for s in posts_services.writable_spaces(request.user) if s.pk == space_id), None)
    if space is None:
        messages.error(request, _("Choose a space where you may publish."))
        request.session["parvis_draft"] = request.POST.get("body", "")[:10_000].replace("\x00", "")
        return redirect("home")
    return posts_views.create(request, slug=space.slug)


@answers_nul_in_query
def communes(request):
    """Every commune of the instance, searchable by name or postal code, largest first."""
    roots = instance_territories()
    query = request.GET.get("q", "").strip()[:80]
    error = nul_message() if has_nul(query) else ""
    found = Territory.objects.of_instance().communes()
    found = found.search(query) if query and not error else found.order_by("-population", "name")
    page = Paginator(found.only("name", "slug", "level", "code", "population"), 60).get_page(request.GET.get("page"))
    official = Space.objects.official().filter(territory__in=roots).select_related("territory")
    return render(
        request,
        "site/commune_list.html",
        {"roots": roots, "page": page, "query": query, "official_spaces": official, "error": error},
        status=400 if error else 200,
    )
