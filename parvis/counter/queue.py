"""What every item of a counter's queue shares, whichever app files it: a report, a question to the town hall, a
request made through a procedure's form. Each is private or public content of an official space's service, moderated
by status, handled by the agents who hold `counter.handle` in that space, and moved along the same states (`MOVES`)
with a message to the person who filed it. The apps keep their own models and words; the rules live here once.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.spaces.models import Membership

from .models import MOVES, State, Status


def moderator(model):
    """The registry's `moderate` and `restore` for a queue item of `model`."""
    return kinds.status_moderation(model, hidden=Status.HIDDEN, removed=Status.REMOVED, published=Status.PUBLISHED)


def handlers(space_id: int):
    """The active agents who handle the queue of the space `space_id`, for the notifications' audiences."""
    holders = Membership.objects.holding("counter.handle").filter(space_id=space_id).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by("pk")


def item_move(item, state: str, message: str, *, cannot_become, refused_without_reason) -> None:
    """Move `item` (locked by the caller) to `state`: one of the `MOVES` from its state, a refusal with its reason.
    `cannot_become` is the item's own sentence with %(current)s and %(new)s; `refused_without_reason` says who must
    be told why. Sets the dates the figures read (first acknowledgement, closing) and saves."""
    if state not in State.values:
        raise ValidationError({"state": _("Choose one of the states offered.")})
    if state not in MOVES[State(item.state)]:
        raise ValidationError(
            {"state": cannot_become % {"current": State(item.state).label, "new": State(state).label}}
        )
    if state == State.REFUSED and not message:
        raise ValidationError({"message": refused_without_reason})
    now = timezone.now()
    item.state = state
    if state != State.NEW and item.acknowledged_at is None:
        item.acknowledged_at = now
    item.closed_at = now if state in (State.RESOLVED, State.REFUSED) else None
    item.save(update_fields=["state", "acknowledged_at", "closed_at", "updated_at"])
