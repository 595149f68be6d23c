"""Writing the hosting log, once, for every kind of the registry: no view calls it.

`HostingContextMiddleware` keeps who is asking and from where (`core.network`: the address and the source port
from the trusted proxies) for the length of the request. The model signals of every registered kind's model
(`core.kinds`: posts, comments, events, listings, polls, messages, spaces, requests to join, people's profiles),
the services' word for what they change with `QuerySet.update()` (`kinds.changed_in_bulk`: a moderator hiding or
removing content, an account's messages emptied on its deletion), and Django's `user_logged_in`, write a row when
a person acts through a page or the API. Work done outside a request (a command, a background task) is the
instance's own, not a person's: it writes nothing.

The row is written at once, inside the act's transaction (an act rolled back happened to nobody and leaves no
row), in a savepoint: a failure of the log is logged and never undoes the person's act.
"""

import contextvars
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

from parvis.core import kinds
from parvis.core.network import client_ip, client_port

from .models import Act, HostingRecord

logger = logging.getLogger("parvis.hosting")

_request: contextvars.ContextVar = contextvars.ContextVar("parvis_hosting_request", default=None)

# Statuses by which a person takes their own content back (a post deleted, a listing withdrawn): the row stays for
# what others still point to, but for the law it is a deletion.
_GONE = {"deleted", "withdrawn"}
# Saves that are not a person's change of the content: the time of the last sign-in (Django writes it at each one,
# and the sign-in has its own row).
_NOT_A_CHANGE = {frozenset({"last_login"})}


class HostingContextMiddleware:
    """After the authentication middleware: `request.user` is the person (the API's token authentication sets it
    on the same request later, and the row reads it when written)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(*, act: str, kind: str = "", object_id=None, account=None, newcomer=None, request=None) -> None:
    """One row, for the request being answered (or `request`). Nothing outside a request. The account is
    `account`, else the person signed in, else `newcomer` (an account created by someone not signed in: a sign-up)."""
    request = request if request is not None else _request.get()
    if request is None:
        return
    if account is None:
        user = getattr(request, "user", None)
        account = user if user is not None and user.is_authenticated else newcomer
    row = HostingRecord(
        account_id=getattr(account, "pk", None),
        account_email=(getattr(account, "email", "") or "")[:254],
        ip=client_ip(request) or None,
        port=client_port(request),
        act=act,
        kind=kind,
        object_id=object_id,
    )
    try:
        with transaction.atomic():
            row.save()
    except DatabaseError:
        logger.exception("hosting log: the row could not be written", extra={"act": act, "kind": kind})


def _saved(sender, instance, created: bool = False, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and frozenset(update_fields) in _NOT_A_CHANGE):
        return
    kind = kinds.of(instance)
    if kind is None:
        return
    if created:
        act = Act.CREATE
    elif getattr(instance, "status", None) in _GONE and (update_fields is None or "status" in update_fields):
        act = Act.DELETE
    else:
        act = Act.UPDATE
    # A person signing up is not signed in yet: the account is the one being created.
    newcomer = instance if created and isinstance(instance, get_user_model()) else None
    record(act=act, kind=kind.name, object_id=instance.pk, newcomer=newcomer)


def _deleted(sender, instance, **kwargs) -> None:
    kind = kinds.of(instance)
    if kind is not None:
        record(act=Act.DELETE, kind=kind.name, object_id=instance.pk)


def _changed_in_bulk(sender, ids, gone: bool = False, **kwargs) -> None:
    kind = kinds.of_model(sender)
    if kind is not None:
        for object_id in ids:
            record(act=Act.DELETE if gone else Act.UPDATE, kind=kind.name, object_id=object_id)


def _signed_in(sender, request=None, user=None, **kwargs) -> None:
    record(act=Act.SIGN_IN, kind="person", object_id=getattr(user, "pk", None), account=user, request=request)


def connect() -> None:
    """From `ready()`, once every app has registered its kinds (this app comes after the content apps)."""
    for kind in kinds.all_kinds():
        uid = f"parvis.hosting.{kind.name}"
        post_save.connect(_saved, sender=kind.model, weak=False, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_deleted, sender=kind.model, weak=False, dispatch_uid=f"{uid}.deleted")
    # Writes through `QuerySet.update()`, which the model signals do not see, said by their services.
    kinds.rows_changed.connect(_changed_in_bulk, weak=False, dispatch_uid="parvis.hosting.changed_in_bulk")
    user_logged_in.connect(_signed_in, weak=False, dispatch_uid="parvis.hosting.signed_in")
