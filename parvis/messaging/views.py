"""Thin views of private messages. Every conversation is fetched through `Conversation.objects.for_participant`, so
that anyone else gets a 404 (a 403 would confirm that the conversation exists)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.accounts.models import User
from parvis.core import hooks, media
from parvis.core.bounds import MAX_ID
from parvis.core.pagecache import cache_for_visitors
from parvis.core.ratelimit import RateLimited
from parvis.core.redirects import safe_next
from parvis.core.submission import submit_once

from . import recipients, services
from .forms import MessageForm, NewConversationForm, PreferenceForm, RecipientSearchForm
from .models import BODY_LIMIT, MAX_PEOPLE, Block, Conversation, Message, Participant

LIST_PAGE_SIZE = 20
THREAD_PAGE_SIZE = 50


def _messages_of(error) -> list[str]:
    return getattr(error, "messages", None) or [str(error) or _("You may not do this.")]


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def _conversation_or_404(user, conversation_id: int) -> Conversation:
    return get_object_or_404(
        Conversation.objects.for_participant(user).prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user").order_by("pk"))
        ),
        pk=conversation_id,
    )


@login_required
@cache_for_visitors
def conversation_list(request):
    conversations = Conversation.objects.for_list(request.user)
    page = Paginator(conversations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    for conversation in page.object_list:
        conversation.other_people = conversation.others(request.user)
    return render(request, "messaging/list.html", {"page": page})


def _thread_context(request, conversation: Conversation, *, form=None, errors=(), mark_read=True) -> dict:
    user = request.user
    visible = Message.objects.visible_to(user).filter(conversation=conversation)
    before = _int(request.GET.get("avant"))
    page = visible.filter(pk__lt=before) if before else visible
    items = list(page.select_related("sender").order_by("-pk")[: THREAD_PAGE_SIZE + 1])
    has_earlier = len(items) > THREAD_PAGE_SIZE
    items = list(reversed(items[:THREAD_PAGE_SIZE]))
    last_id = items[-1].pk if items else 0
    if mark_read and not before:
        services.conversation_mark_read(user=user, conversation=conversation, up_to_id=last_id)
    others = conversation.others(user)
    blocked = set(Block.objects.filter(blocker=user, blocked__in=others).values_list("blocked_id", flat=True))
    for person in others:
        person.is_blocked = person.pk in blocked
    return {
        "conversation": conversation,
        "others": others,
        "thread": items,
        "last_id": last_id if not before else (visible.order_by("-pk").values_list("pk", flat=True).first() or 0),
        "earlier_id": items[0].pk if has_earlier and items else None,
        "older_page": bool(before),
        "form": form or MessageForm(),
        "errors": errors,
        "body_limit": BODY_LIMIT,
    }


@login_required
def conversation_detail(request, conversation_id: int):
    conversation = _conversation_or_404(request.user, conversation_id)
    return render(request, "messaging/detail.html", _thread_context(request, conversation))


@login_required
@require_POST
def message_send(request, conversation_id: int):
    conversation = _conversation_or_404(request.user, conversation_id)
    form = MessageForm(request.POST, request.FILES)
    status = 400
    errors: list[str] = []
    if form.is_valid():
        try:
            message, _created = submit_once(
                request,
                kind="message",
                create=lambda: services.message_send(
                    sender=request.user,
                    conversation=conversation,
                    body=form.cleaned_data["body"],
                    image=form.cleaned_data["image"] or None,
                    image_alt=form.cleaned_data["image_alt"],
                ),
                find=lambda pk: Message.objects.filter(pk=pk, sender=request.user, conversation=conversation).first(),
            )
        except RateLimited as error:
            errors, status = error.messages, 429
        except ValidationError as error:
            errors = error.messages
        except PermissionDenied as error:
            errors, status = _messages_of(error), 403
        else:
            return redirect(message.get_absolute_url())
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    # Keep what was typed so that it can be shortened, unless it is far beyond any message (a pasted file).
    draft = request.POST.get("body", "")
    if len(draft) > 2 * BODY_LIMIT:
        errors.append(_("Your text was not kept on this page: it is far longer than a message."))
        form = MessageForm(initial={"body": ""})
    context = _thread_context(request, conversation, form=form, errors=errors, mark_read=False)
    return render(request, "messaging/detail.html", context, status=status)


@login_required
def new_messages(request, conversation_id: int):
    """The htmx poll (every 5 s): the messages after `apres`, appended to the thread, and a poller that asks for
    what comes after them. 204 when there is nothing new, which htmx leaves alone: most polls cost two queries."""
    conversation = get_object_or_404(Conversation.objects.for_participant(request.user), pk=conversation_id)
    after = _int(request.GET.get("apres")) or 0
    items = list(
        Message.objects.visible_to(request.user).filter(conversation=conversation).after(after).for_thread()[:100]
    )
    if not items:
        return HttpResponse(status=204)
    services.conversation_mark_read(user=request.user, conversation=conversation, up_to_id=items[-1].pk)
    return render(
        request,
        "messaging/partials/_new_messages.html",
        {"conversation": conversation, "thread": items, "last_id": items[-1].pk},
    )


def _reported_to(user, message_id: int) -> Message | None:
    """A reported message's image, for the operator's moderators handling the report: they judge the whole message,
    as they do its text on the queue, and nothing else of the conversation."""
    if not hooks.handles_report(user=user, kind="message", target_id=message_id):
        return None
    return Message.objects.exclude(image="").filter(pk=message_id).first()


@login_required
def attachment(request, message_id: int):
    message = Message.objects.visible_to(request.user).exclude(image="").filter(pk=message_id).first() or _reported_to(
        request.user, message_id
    )
    if message is None:
        raise Http404
    response = media.serve(request, message.image)
    response["Content-Disposition"] = f'inline; filename="message-{message.pk}.jpg"'
    return response


def _parse_handles(text: str) -> list[str]:
    return [word.lstrip("@").lower() for word in re.split(r"[\s,;]+", text or "") if word.lstrip("@")]


@login_required
def conversation_new(request):
    user = request.user
    # "Write a message" on a profile page: ?a=<id>, shown only if the viewer may see that profile; the people ticked
    # among the suggestions come back the same way.
    chosen_ids = [number for number in map(_int, request.GET.getlist("a") + request.POST.getlist("a")) if number]
    chosen = list(User.objects.profile_visible_to(user).filter(pk__in=chosen_ids).exclude(pk=user.pk)[:MAX_PEOPLE])
    form = NewConversationForm(request.POST or None)
    search_form = RecipientSearchForm(request.GET if request.method == "GET" else request.POST)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    picker = {
        "chosen": chosen,
        "query": query,
        "query_error": search_form.errors.get("q"),
        "suggestions": [person for person in recipients.search(user, query) if person not in chosen],
    }
    if request.method == "GET" and request.headers.get("HX-Request"):
        return render(request, "messaging/partials/_recipients.html", picker)
    errors: list[str] = []
    status = 200
    # Without JavaScript, "Search" posts the whole form: the page comes back with the people found and everything
    # typed so far, nothing sent.
    searching = request.method == "POST" and "search" in request.POST
    if request.method == "POST" and form.is_valid() and not searching:
        handles = _parse_handles(form.cleaned_data["recipients"])
        found = list(User.objects.filter(handle__in=handles, is_active=True))
        # Someone who would refuse the asker and whose profile the asker may not see is answered for exactly like
        # a handle nobody has: a refusal would name them.
        unseen = services.refusing_unseen(initiator=user, people=found)
        found = [person for person in found if person not in unseen]
        missing = sorted(set(handles) - {person.handle for person in found})
        status = 400
        if missing:
            errors = [_("Nobody has the handle @%(handle)s.") % {"handle": handle} for handle in missing]
        else:
            try:
                conversation, _created = submit_once(
                    request,
                    kind="conversation",
                    create=lambda: services.conversation_start(
                        initiator=user,
                        participants=chosen + found,
                        first_message=form.cleaned_data["body"],
                        subject=form.cleaned_data["subject"],
                    ),
                    find=lambda pk: Conversation.objects.for_participant(user).filter(pk=pk).first(),
                )
            except RateLimited as error:
                errors, status = error.messages, 429
            except ValidationError as error:
                errors = error.messages
            except PermissionDenied as error:
                errors, status = _messages_of(error), 403
            else:
                messages.success(request, _("Your message is sent."))
                return redirect(conversation)
    elif request.method == "POST" and not searching:
        status = 400
    return render(
        request,
        "messaging/new.html",
        {"form": form, "errors": errors, "max_people": MAX_PEOPLE, **picker},
        status=status,
    )


@login_required
@require_POST
def conversation_leave(request, conversation_id: int):
    conversation = _conversation_or_404(request.user, conversation_id)
    try:
        services.conversation_leave(user=request.user, conversation=conversation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(conversation)
    messages.success(request, _("You left the conversation."))
    return redirect("messaging:list")


def _back(request, fallback: str):
    return safe_next(request, fallback=fallback)


@login_required
def preferences(request):
    current = services.preference_get(user=request.user)
    form = PreferenceForm(request.POST or None, initial={"who_may_write": current.who_may_write})
    if request.method == "POST" and form.is_valid():
        services.messaging_preference_set(user=request.user, who_may_write=form.cleaned_data["who_may_write"])
        messages.success(request, _("Your choice is saved."))
        return redirect("messaging:preferences")
    blocks = list(Block.objects.filter(blocker=request.user).select_related("blocked").order_by("-created_at"))
    known = services.names_known_to(viewer=request.user, people_ids=[block.blocked_id for block in blocks])
    for block in blocks:
        block.name_known = block.blocked_id in known
    return render(
        request,
        "messaging/preferences.html",
        {"form": form, "blocks": blocks},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def block(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    try:
        services.block_create(blocker=request.user, blocked=person)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if services.names_known_to(viewer=request.user, people_ids=[person.pk]):
            messages.success(
                request,
                _("%(name)s is blocked: they can no longer write to you.") % {"name": person.public_name},
            )
        else:  # a person whose profile is hidden from the blocker is not named
            messages.success(request, _("This person is blocked: they can no longer write to you."))
    return _back(request, "messaging:preferences")


@login_required
@require_POST
def unblock(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    services.block_delete(blocker=request.user, blocked=person)
    if services.names_known_to(viewer=request.user, people_ids=[person.pk]):
        messages.success(request, _("%(name)s is no longer blocked.") % {"name": person.public_name})
    else:
        messages.success(request, _("This person is no longer blocked."))
    return _back(request, "messaging:preferences")
