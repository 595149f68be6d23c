"""Every write on polls: asking, voting (and changing one's vote), closing. The page, the API, the demo and the tests
call these, which check the permission table (`poll.create`, `poll.vote`, `poll.close`) and refuse bad input with a
sentence naming the field.

Rules: a poll has 2 to 10 different options; a person holds one ballot per poll (one option, or several in a
multiple-choice poll) and changes it until the poll closes; a poll closes at its closing date, or when its author or
a space's moderator closes it (a moderator closing someone else's poll is written in the space's journal)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.folding import search_key
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import Space

from .models import MAX_OPTIONS, MIN_OPTIONS, OPTION_LIMIT, QUESTION_LIMIT, Poll, PollOption, PollVerb, Vote

# A closing date further than this is a typo (a year 2062 for 2026), not a poll anyone will come back to.
LONGEST = timedelta(days=366)


def _clean_question(question: str) -> str:
    question = clean_name((question or "").replace("\x00", ""))
    if not question:
        raise ValidationError({"question": _("Write the question you are asking.")})
    if len(question) > QUESTION_LIMIT:
        raise ValidationError(
            {
                "question": _("The question is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(question), "limit": QUESTION_LIMIT}
            }
        )
    return question


def _clean_options(options: list[str]) -> list[str]:
    """Options typed one per line or given as a list: blank ones are dropped, the rest must be 2 to 10 different
    answers (compared without case nor accents: "Samedi" and "samedi" are one answer)."""
    cleaned = [clean_name((option or "").replace("\x00", "")) for option in options]
    cleaned = [option for option in cleaned if option]
    if len(cleaned) < MIN_OPTIONS:
        raise ValidationError(
            {"options": _("Give at least %(count)s answers to choose from.") % {"count": MIN_OPTIONS}}
        )
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError(
            {
                "options": _("At most %(count)s answers (you gave %(given)s).")
                % {"count": MAX_OPTIONS, "given": len(cleaned)}
            }
        )
    for option in cleaned:
        if len(option) > OPTION_LIMIT:
            raise ValidationError(
                {
                    "options": _("The answer “%(option)s…” is too long (at most %(limit)s characters).")
                    % {"option": option[:30], "limit": OPTION_LIMIT}
                }
            )
    seen = set()
    for option in cleaned:
        key = search_key(option) or option  # an answer of symbols only ("👍") folds to nothing: compare it as is
        if key in seen:
            raise ValidationError({"options": _("The answer “%(option)s” is given twice.") % {"option": option}})
        seen.add(key)
    return cleaned


def _clean_closing(closes_at):
    if closes_at is None:
        return None
    now = timezone.now()
    if timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at)
    if closes_at <= now:
        raise ValidationError({"closes_at": _("The closing date has passed: choose a date to come.")})
    if closes_at > now + LONGEST:
        raise ValidationError({"closes_at": _("A poll closes within a year: choose an earlier date.")})
    return closes_at


@transaction.atomic
def poll_create(
    *,
    author: User,
    space: Space,
    question: str,
    options: list[str],
    multiple: bool = False,
    named: bool = False,
    closes_at=None,
) -> Poll:
    if not can(author, "poll.create", space):
        raise PermissionDenied(_("You cannot ask a poll in this space."))
    check_rate(f"poll:{author.pk}", 10, 60 * 60)
    question = _clean_question(question)
    options = _clean_options(options)
    closes_at = _clean_closing(closes_at)
    poll = Poll.objects.create(
        space=space, author=author, question=question, multiple=multiple, named=named, closes_at=closes_at
    )
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, position=position, text=text) for position, text in enumerate(options)]
    )
    # Notifications asks the kind's `audience` (kinds.py) after commit, and tells those who may read the poll.
    hooks.activity.send(kind="poll", target_id=poll.pk)
    return poll


@transaction.atomic
def poll_vote(*, voter: User, poll: Poll, option_ids: list[int]) -> list[Vote]:
    """Cast or replace the person's ballot. Held under the poll's row lock, so that two clicks cannot both count."""
    if not can(voter, "poll.vote", poll) or not poll.is_visible_to(voter):
        raise PermissionDenied(_("Only the members of this space can vote."))
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.is_closed:
        raise ValidationError({"options": _("This poll is closed: votes can no longer change.")})
    chosen = list(dict.fromkeys(option_ids or []))
    if not chosen:
        raise ValidationError({"options": _("Choose an answer before voting.")})
    if not poll.multiple and len(chosen) > 1:
        raise ValidationError({"options": _("This poll takes one answer only.")})
    options = list(PollOption.objects.filter(poll=poll, pk__in=chosen))
    if len(options) != len(chosen):
        raise ValidationError({"options": _("This answer is not one of this poll's answers.")})
    had_voted = Vote.objects.filter(poll=poll, voter=voter).delete()[0] > 0
    votes = Vote.objects.bulk_create([Vote(poll=poll, option=option, voter=voter) for option in options])
    if not had_voted:
        poll.voter_count += 1
        Poll.objects.filter(pk=poll.pk).update(voter_count=poll.voter_count)
    return votes


@transaction.atomic
def poll_close(*, actor: User, poll: Poll) -> Poll:
    """Close a poll now. Its author closes their own; a moderator of the space closes anyone's, and that is written
    in the space's journal."""
    if not can(actor, "poll.close", poll):
        raise PermissionDenied(_("Only its author or a moderator of the space can close this poll."))
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.is_closed:
        return poll
    poll.closed_at = timezone.now()
    poll.save(update_fields=["closed_at"])
    if poll.author_id != actor.pk:
        audit(actor=actor, verb=PollVerb.CLOSED, target=poll, label=poll.question)
    return poll


def voted_options(*, voter, poll: Poll) -> set[int]:
    """The options of the person's ballot (empty when they have not voted, or are not signed in)."""
    if voter is None or not voter.is_authenticated:
        return set()
    return set(Vote.objects.filter(poll=poll, voter=voter).values_list("option_id", flat=True))


def results_shown(*, viewer, poll: Poll, ballot: set[int]) -> bool:
    """Results show once the person voted, or once the poll is closed: early counts do not steer later votes."""
    return bool(ballot) or poll.is_closed


def voters_by_option(*, viewer, poll: Poll) -> dict[int, list[str]] | None:
    """Who chose what, for a poll with named results and a viewer who may vote in it (a member); None otherwise."""
    if not poll.named or not can(viewer, "poll.vote", poll):
        return None
    names: dict[int, list[str]] = {}
    for vote in Vote.objects.filter(poll=poll).select_related("voter").order_by("created_at", "pk"):
        names.setdefault(vote.option_id, []).append(vote.voter.public_name)
    return names
