"""Polls in the groups over two years, with two to five answers and votes from the group's members, counters exact.

Groups only (not official spaces nor organisations' pages): that is where members ask each other, and a group of
a hundred members is the poll page's worst case the bench should measure.
"""

from datetime import timedelta

from django.utils import timezone

from bench.targets import SESSION, target
from parvis.polls.models import Poll, PollOption, Vote
from parvis.spaces.models import Membership, MembershipStatus, Visibility

PRODUCES = ("polls",)
CHUNK = 5_000
TWO_YEARS = 2 * 365 * 86_400
QUESTIONS = (
    ("Quel jour pour la fête des voisins ?", ("Vendredi soir", "Samedi midi", "Dimanche après-midi")),
    ("On garde le composteur au pied du bâtiment ?", ("Oui", "Non", "Je ne sais pas")),
    ("Quelle heure pour la réunion de rentrée ?", ("18 h", "18 h 30", "19 h", "20 h")),
    ("Qui peut prêter une table pour le vide-grenier ?", ("Moi", "Pas cette fois")),
    ("Quel thème pour le prochain atelier ?", ("Vélo", "Jardin", "Couture", "Cuisine", "Informatique")),
)


def generate(ctx) -> None:
    rng = ctx.rng
    members: dict[int, list[int]] = {}
    for space_id, user_id in (
        Membership.objects.filter(status=MembershipStatus.ACTIVE, space__is_official=False, space__organisation_kind="")
        .order_by("pk")
        .values_list("space_id", "user_id")
    ):
        members.setdefault(space_id, []).append(user_id)
    spaces = sorted(space_id for space_id, people in members.items() if len(people) >= 2)
    if not spaces:
        return
    total = ctx.sizes["polls"]
    now = timezone.now()
    with ctx.own_dates(Poll, Vote):
        for start in range(0, total, CHUNK):
            count = min(CHUNK, total - start)
            plans = []
            for _ in range(count):
                space_id = rng.choice(spaces)
                question, answers = rng.choice(QUESTIONS)
                created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                voters = rng.sample(members[space_id], k=rng.randint(0, min(len(members[space_id]), 60)))
                plans.append((space_id, question, answers, created, voters))
            polls = ctx.bulk(
                Poll,
                [
                    Poll(
                        space_id=space_id,
                        author_id=members[space_id][0],
                        question=question,
                        created_at=created,
                        closes_at=created + timedelta(days=14),
                        voter_count=len(voters),
                    )
                    for space_id, question, _answers, created, voters in plans
                ],
            )
            options = ctx.bulk(
                PollOption,
                [
                    PollOption(poll=poll, position=position, text=text)
                    for poll, (_s, _q, answers, _c, _v) in zip(polls, plans, strict=True)
                    for position, text in enumerate(answers)
                ],
            )
            by_poll: dict[int, list[PollOption]] = {}
            for option in options:
                by_poll.setdefault(option.poll_id, []).append(option)
            ctx.bulk(
                Vote,
                [
                    Vote(poll=poll, option=rng.choice(by_poll[poll.pk]), voter_id=voter, created_at=created)
                    for poll, (_s, _q, _a, created, voters) in zip(polls, plans, strict=True)
                    for voter in voters
                ],
            )
            ctx.produced("polls", len(polls))


def targets(inhabitant) -> list[dict]:
    """The public poll with the most voters: its page draws every answer's count and share."""
    poll = (
        Poll.objects.filter(space__visibility=Visibility.PUBLIC, status="published")
        .order_by("-voter_count", "pk")
        .first()
    )
    if poll is None:
        return []
    return [target("poll", poll.get_absolute_url()), target("poll", poll.get_absolute_url(), SESSION)]
