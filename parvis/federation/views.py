"""The federation's addresses: WebFinger, NodeInfo, actors, their inboxes, outboxes and followers, and objects.

Thin: each reads through `actors`, `serialise` or `inbox`. Every refusal of an inbox request is logged with its
reason and answered with a 4xx that says it, in English (machines read it)."""

import json
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from parvis.core import kinds

from . import actors, authorized, inbox, remote
from .forms import PersonChoiceForm
from .models import ActorKind, Follower, PersonActor
from .serialise import FEDERATED, NotPublic, serialise, with_context
from .services import person_federation_set

logger = logging.getLogger("parvis.federation")

ACTIVITY_JSON = "application/activity+json"
OUTBOX_SIZE = 20


def _activity_response(document: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(document), content_type=ACTIVITY_JSON, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _wants_html(request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "activity+json" not in accept and "ld+json" not in accept


def signed_get(view=None, *, sends_browsers_to_page: bool = False):
    """Checks the GET's signature (`authorized.check_get`) before the view reads anything. A view that sends a
    browser to the HTML page (which has its own visibility rule) lets it through: it answers it no JSON."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not (sends_browsers_to_page and _wants_html(request)):
                headers = {key.lower(): value for key, value in request.headers.items()}
                try:
                    authorized.check_get(method=request.method, path=request.get_full_path(), headers=headers)
                except remote.Refused as refused:
                    logger.warning("federation fetch refused", extra={"reason": str(refused), "path": request.path})
                    status = 403 if str(refused).startswith("blocked") else 401
                    return HttpResponse(f"refused: {refused}", status=status, content_type="text/plain")
            return view(request, *args, **kwargs)

        return checked

    return decorate(view) if view is not None else decorate


@require_GET
def webfinger(request):
    resource = request.GET.get("resource", "")
    if not resource.startswith("acct:") or resource.count("@") != 1 or len(resource) > 300:
        return HttpResponseBadRequest("resource must be acct:name@host", content_type="text/plain")
    name, _, domain = resource[5:].lstrip("@").partition("@")
    actor = actors.actor_by_name(name) if domain.lower() == actors.host().lower() else None
    if actor is None:
        raise Http404
    return JsonResponse(actors.webfinger(actor), content_type="application/jrd+json")


@require_GET
def nodeinfo_links(request):
    href = actors.absolute(reverse("federation:nodeinfo"))
    return JsonResponse({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": href}]})


@require_GET
def nodeinfo(request):
    post = kinds.get("post")
    local_posts = post.visible_to(AnonymousUser()).count() if post else 0
    document = {
        "version": "2.0",
        "software": {"name": "parvis", "version": "1.0"},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": True,
        "usage": {"users": {}, "localPosts": local_posts},
        "metadata": {"nodeName": settings.PARVIS_SITE_NAME},
    }
    return JsonResponse(
        document, content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"'
    )


def _actor_or_404(name: str, kind: str) -> actors.LocalActor:
    actor = actors.space_actor(name) if kind == ActorKind.SPACE else actors.person_actor(name)
    if actor is None:
        raise Http404
    return actor


@require_GET
@signed_get(sends_browsers_to_page=True)
def space_actor(request, slug: str):
    actor = _actor_or_404(slug, ActorKind.SPACE)
    if _wants_html(request):
        return redirect(actor.obj.get_absolute_url())
    return _activity_response(actors.document(actor))


@require_GET
def instance_actor(request):
    """Never behind a signature: it holds the key that signs this site's own GETs."""
    return _activity_response(actors.document(actors.instance_actor()))


@require_GET
@signed_get
def person_actor(request, handle: str):
    return _activity_response(actors.document(_actor_or_404(handle, ActorKind.PERSON)))


@require_GET
@signed_get
def outbox(request, slug: str = "", handle: str = "", kind: str = ActorKind.SPACE):
    """The latest public posts and events of a space, as Create activities (a person's outbox is empty: their
    posts go out as their groups')."""
    actor = _actor_or_404(slug or handle, kind)
    items = []
    if actor.kind == ActorKind.SPACE:
        for kind_name in FEDERATED:
            found = kinds.get(kind_name).visible_to(AnonymousUser()).filter(space_id=actor.pk).order_by("-pk")
            for pk in found.values_list("pk", flat=True)[:OUTBOX_SIZE]:
                try:
                    document = serialise(kind_name, pk)
                except NotPublic:
                    continue
                items.append(
                    {"id": f"{document['id']}/activity", "type": "Create", "actor": actor.uri, "object": document}
                )
    return _activity_response(
        with_context(
            {"id": actor.uri + "/outbox", "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
        )
    )


@require_GET
@signed_get
def followers(request, slug: str = "", handle: str = "", kind: str = ActorKind.SPACE):
    """How many follow, never who: a follower list would tell who reads a group."""
    actor = _actor_or_404(slug or handle, kind)
    count = Follower.objects.filter(actor_kind=actor.kind, actor_id=actor.pk).count()
    return _activity_response(
        with_context({"id": actor.uri + "/followers", "type": "OrderedCollection", "totalItems": count})
    )


@require_GET
@signed_get(sends_browsers_to_page=True)
def federated_object(request, kind: str, target_id: int):
    found = kinds.by_word(kind)
    try:
        document = serialise(found.name if found else "", target_id)
    except NotPublic as error:
        raise Http404 from error
    if _wants_html(request):
        return redirect(document["url"])
    return _activity_response(with_context(document))


@csrf_exempt
@require_POST
def inbox_view(request, slug: str = "", handle: str = "", kind: str = ActorKind.SPACE):
    if slug or handle:
        _actor_or_404(slug or handle, kind)
    headers = {key.lower(): value for key, value in request.headers.items()}
    length = request.headers.get("Content-Length", "0")
    if length.isdigit() and int(length) > inbox.MAX_BODY:
        logger.warning("federation inbox refused", extra={"reason": "body too large", "path": request.path})
        return HttpResponse("body too large", status=413, content_type="text/plain")
    path = request.get_full_path()
    try:
        done = inbox.receive(method=request.method, path=path, headers=headers, body=request.body[: inbox.MAX_BODY + 1])
    except remote.Refused as refused:
        logger.warning("federation inbox refused", extra={"reason": str(refused), "path": request.path})
        return HttpResponse(
            f"refused: {refused}", status=401 if "signature" in str(refused) else 400, content_type="text/plain"
        )
    logger.info("federation inbox", extra={"done": done, "path": request.path})
    return HttpResponse(status=202)


@login_required
def person_choice(request):
    """A person's choice to be followed from the fediverse (off until they say yes)."""
    choice = PersonActor.objects.filter(user=request.user).first()
    # An unticked box sends an empty form: bound all the same, or saying no would never be saved.
    data = request.POST if request.method == "POST" else None
    form = PersonChoiceForm(data, initial={"enabled": bool(choice and choice.enabled)})
    if request.method == "POST" and form.is_valid():
        person_federation_set(user=request.user, enabled=form.cleaned_data["enabled"])
        messages.success(request, _("Your choice is saved."))
        return redirect("federation:person_choice")
    actor = actors.person_actor(request.user.handle) if request.user.handle else None
    return render(request, "federation/person_choice.html", {"form": form, "address": actor.address if actor else ""})
