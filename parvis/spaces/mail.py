"""The one door e-mails about content go out through.

An e-mail leaves the instance for good, and it is sent later than it was decided: a task runs after the commit, a
digest the next morning, a waiting-list promotion whenever someone else cancels. In between, the recipient may
have left the group, the group may have become members-only, the event may have been withdrawn. So every e-mail
that speaks of content (agenda, notifications, private messages, statements of reasons) is sent by `send_about`,
which asks, at sending time, whether its recipient may read *now* each thing it speaks of, by the same visibility
rule as the pages. When the answer is no, nothing is sent. Then the e-mail goes through the one pipeline of
`core.mail`: composed from its templates, claimed, sent, released for a retry if sending fails. (Account e-mails,
which speak of no content, go through that pipeline directly.)

A recipient is a person (`User`) or a bare e-mail address (someone without an account, who reads what an
anonymous visitor reads).
"""

import logging

from parvis.core import kinds
from parvis.core.mail import address_of, compose, deliver

from .models import Space

logger = logging.getLogger(__name__)


def may_read(recipient, item) -> bool:
    """Whether the recipient may read the item now: a space by `Space.objects.readable_by`, a kind of the registry
    of content kinds (`core.kinds`) by that kind's `visible_to(user)` (which holds its publication status), any
    other content by its own `visible_to(user)`, or `readable_by(user)` where the model has no `visible_to`
    (statements of reasons). A deactivated account reads nothing, except what a model marks `MAILED_TO_INACTIVE`
    (the statement of reasons must reach the very person a suspension is about)."""
    user = recipient if getattr(recipient, "is_authenticated", False) else None
    if user is not None and not user.is_active and not getattr(item, "MAILED_TO_INACTIVE", False):
        return False
    if isinstance(item, Space):
        return item.is_readable_by(user)
    kind = kinds.of(item)
    if kind is not None:
        # The kind's own rule (a request to join: pending, in a space the person administers).
        return kind.visible_to(user).filter(pk=item.pk).exists()
    manager = type(item)._default_manager
    queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.readable_by(user)
    return queryset.filter(pk=item.pk).exists()


def send_about(
    *, to, about: list, kind: str, key: str, context: dict | None = None, headers: dict | None = None
) -> int:
    """Send the e-mail `kind` (`templates/emails/<kind>.txt` and `.html`) to `to` (a person or an address) if they may
    read everything in `about` now; returns the number sent (0 or 1). `key` names the e-mail for its claim (the
    same for every run of the task: see `core.mail.deliver`). `about` must not be empty: an e-mail about nothing in
    particular is not sent here."""
    if not about:
        raise ValueError("send_about needs the content the e-mail speaks of")
    if not address_of(to):
        return 0
    unreadable = [item for item in about if not may_read(to, item)]
    if unreadable:
        logger.info(
            "e-mail not sent: the recipient may no longer read what it speaks of",
            extra={"about": [f"{type(item).__name__}:{item.pk}" for item in unreadable]},
        )
        return 0
    return deliver(compose(kind=kind, to=to, context=context, headers=headers), key=key)
