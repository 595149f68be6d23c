"""Events over one year back and one ahead, in every space that may publish them, with answers and the common
agenda's submissions. A few are weekly (markets, training), some have a capacity with people waiting."""

from datetime import timedelta

from django.utils import timezone

from bench.targets import SESSION, target
from parvis.agenda.models import AgendaSubmission, Category, Event, EventStatus, Rsvp, RsvpStatus, SubmissionStatus
from parvis.agenda.services.occurrences import occurrences_fill
from parvis.core.markdown import render_markdown
from parvis.spaces.models import Membership, MembershipStatus, Visibility

PRODUCES = ("events",)
CHUNK = 20_000
YEAR = 365 * 86_400
RECURRING_SHARE = 0.05
CAPACITY_SHARE = 0.2
TITLES = (
    "Marché de producteurs",
    "Atelier réparation vélo",
    "Conseil municipal",
    "Concert de la chorale",
    "Randonnée des marais",
    "Loto de l'école",
    "Permanence numérique",
    "Vide-grenier du quartier",
    "Tournoi de pétanque",
    "Lecture contée pour les enfants",
)
DESCRIPTION = "Ouvert à toutes et à tous. **Entrée libre**, inscription conseillée."


def generate(ctx) -> None:
    rng = ctx.rng
    total = ctx.sizes["events"]
    spaces = list(
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .values_list("space_id", "space__territory_id", "space__territory__level", "user_id")
        .order_by("pk")
    )
    by_space: dict[int, tuple[int | None, list[int]]] = {}
    for space_id, territory_id, level, user_id in spaces:
        commune = territory_id if level == "commune" else None
        by_space.setdefault(space_id, (commune, []))[1].append(user_id)
    space_ids = sorted(by_space)
    description_html = render_markdown(DESCRIPTION)
    now = timezone.now()
    categories = Category.values
    with ctx.own_dates(Event, Rsvp, AgendaSubmission):
        for start_index in range(0, total, CHUNK):
            events = []
            for index in range(start_index, min(start_index + CHUNK, total)):
                space_id = rng.choice(space_ids)
                commune, members = by_space[space_id]
                start = now + timedelta(seconds=rng.randrange(-YEAR, YEAR))
                recurring = rng.random() < RECURRING_SHARE
                capacity = rng.choice([20, 50, 100]) if rng.random() < CAPACITY_SHARE else None
                events.append(
                    Event(
                        space_id=space_id,
                        created_by_id=members[0],
                        title=rng.choice(TITLES),
                        description=DESCRIPTION,
                        description_html=description_html,
                        start=start,
                        end=start + timedelta(hours=rng.choice([1, 2, 3])),
                        rrule="FREQ=WEEKLY;COUNT=20" if recurring else "",
                        repeat_until=start + timedelta(weeks=19) if recurring else None,
                        venue_name="Salle des fêtes",
                        commune_id=commune,
                        category=rng.choice(categories),
                        is_free=rng.random() < 0.7,
                        capacity=capacity,
                        status=EventStatus.PUBLISHED,
                        uid=f"bench-{index}@parvis",
                        created_at=start - timedelta(days=30),
                    )
                )
            events = ctx.bulk(Event, events)
            # Written in bulk past the services: their occurrences too, as the services would keep them.
            occurrences_fill(events)
            answers, submissions = [], []
            for event in events:
                members = by_space[event.space_id][1]
                going = rng.sample(members, min(len(members), rng.randrange(0, 8)))
                for user_id in going:
                    full = event.capacity is not None and event.going_count >= event.capacity
                    status = RsvpStatus.WAITING if full else RsvpStatus.GOING
                    event.going_count += status == RsvpStatus.GOING
                    answers.append(
                        Rsvp(
                            event=event,
                            user_id=user_id,
                            status=status,
                            created_at=event.created_at,
                            waiting_since=event.created_at if full else None,
                        )
                    )
                if event.commune_id and rng.random() < 0.3:
                    submissions.append(
                        AgendaSubmission(
                            event=event,
                            territory_id=event.commune_id,
                            status=SubmissionStatus.ACCEPTED,
                            created_at=event.created_at,
                            decided_at=event.created_at,
                        )
                    )
            Event.objects.bulk_update([e for e in events if e.going_count], ["going_count"], batch_size=2000)
            ctx.bulk(Rsvp, answers)
            ctx.bulk(AgendaSubmission, submissions)
            ctx.produced("events", len(events))


def targets(inhabitant) -> list[dict]:
    """The agenda of the territory, of the largest commune, its month view, and the busiest public event."""
    event = (
        Event.objects.filter(space__visibility=Visibility.PUBLIC, start__gte=timezone.now(), commune__isnull=False)
        .order_by("-going_count", "pk")
        .select_related("commune")
        .first()
    )
    commune = inhabitant.home_commune
    today = timezone.localdate()
    return [
        target("agenda", "/agenda/"),
        target("agenda", "/agenda/", SESSION),
        target("agenda of a commune", f"/agenda/?commune={commune.slug}"),
        target("agenda month", f"/agenda/mois/{today.year}/{today.month:02d}/"),
        target("event", event.get_absolute_url()),
        target("event", event.get_absolute_url(), SESSION),
        target("api events", "/api/v1/agenda/events?limit=20", kind="page"),
        target("api event", f"/api/v1/agenda/events/{event.pk}", kind="api object"),
    ]
