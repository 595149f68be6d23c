"""Polls through the API: the same services, the same visibility rule and the same "results after voting" rule as
the pages. A poll one may not read is a 404, as on its page."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.schemas import DateTime, ErrorOut, Id, Text, column_text
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import services
from .models import MAX_OPTIONS, Poll

router = Router(tags=["polls"])


class OptionOut(Schema):
    id: int
    text: str
    votes: int | None = Field(description="None until the results show to the caller (after voting, or closed)")
    percent: int | None = Field(description="Share of the voters who chose it; None like `votes`")
    voters: list[str] | None = Field(description="Who chose it: named polls, for the space's members only")


class PollOut(Schema):
    id: int
    space_slug: str
    space_name: str
    space_nature: str
    author_name: str
    question: str
    multiple: bool
    named: bool
    closes_at: datetime | None
    closed: bool
    voter_count: int | None = Field(description="None until the results show to the caller")
    my_choices: list[int]
    options: list[OptionOut]
    created_at: datetime
    url: str


class PollIn(Schema):
    space: column_text(Space, "slug")
    question: Text(1000)
    # Bounded generously here: the service refuses, with a sentence, fewer than 2 or more than 10 answers.
    options: list[Text(1000)] = Field(max_length=MAX_OPTIONS * 2)
    multiple: bool = False
    named: bool = False
    closes_at: DateTime | None = None


class VoteIn(Schema):
    options: list[Id] = Field(max_length=MAX_OPTIONS * 2)


def _out(request, poll: Poll) -> dict:
    ballot = services.voted_options(voter=request.auth, poll=poll)
    shown = services.results_shown(viewer=request.auth, poll=poll, ballot=ballot)
    names = services.voters_by_option(viewer=request.auth, poll=poll) if shown else None
    options = []
    for row in poll.results():
        option = row["option"]
        options.append(
            {
                "id": option.pk,
                "text": option.text,
                "votes": row["votes"] if shown else None,
                "percent": row["percent"] if shown else None,
                "voters": names.get(option.pk, []) if names is not None else None,
            }
        )
    return {
        "id": poll.pk,
        "space_slug": poll.space.slug,
        "space_name": poll.space.name,
        "space_nature": poll.space.nature,
        "author_name": poll.author.public_name,
        "question": poll.question,
        "multiple": poll.multiple,
        "named": poll.named,
        "closes_at": poll.closes_at,
        "closed": poll.is_closed,
        "voter_count": poll.voter_count if shown else None,
        "my_choices": sorted(ballot),
        "options": options,
        "created_at": poll.created_at,
        "url": poll.get_absolute_url(),
    }


def _visible_poll(request, poll_id: int) -> Poll:
    return get_object_or_404(Poll.objects.visible_to(request.auth).for_page(), pk=poll_id)


@router.get("/space/{slug}", response={200: list[PollOut], 404: ErrorOut}, auth=PUBLIC, summary="The polls of a space")
def poll_list(request, slug: str):
    space = get_object_or_404(Space.objects.readable_by(request.auth), slug=slug)
    polls = Poll.objects.visible_to(request.auth).filter(space=space).for_page().order_by("-created_at", "-pk")[:50]
    return [_out(request, poll) for poll in polls]


@router.get("/{poll_id}", response={200: PollOut, 404: ErrorOut}, auth=PUBLIC, summary="One poll")
def poll_detail(request, poll_id: int):
    return _out(request, _visible_poll(request, poll_id))


@router.post(
    "/",
    response={201: PollOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Ask a poll in a space",
)
def poll_create(request, payload: PollIn):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=payload.space)
    poll, _created = submit_once(
        request,
        user=request.auth,
        kind="poll",
        create=lambda: services.poll_create(
            author=request.auth,
            space=space,
            question=payload.question,
            options=payload.options,
            multiple=payload.multiple,
            named=payload.named,
            closes_at=payload.closes_at,
        ),
        find=lambda pk: Poll.objects.filter(pk=pk, author=request.auth).first(),
    )
    return 201, _out(request, Poll.objects.for_page().get(pk=poll.pk))


@router.put(
    "/{poll_id}/vote",
    response={200: PollOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Vote, or change my vote",
)
def poll_vote(request, poll_id: int, payload: VoteIn):
    services.poll_vote(voter=request.auth, poll=_visible_poll(request, poll_id), option_ids=payload.options)
    return _out(request, _visible_poll(request, poll_id))


@router.post(
    "/{poll_id}/close",
    response={200: PollOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Close a poll now (its author, or a moderator of the space)",
)
def poll_close(request, poll_id: int):
    services.poll_close(actor=request.auth, poll=_visible_poll(request, poll_id))
    return _out(request, _visible_poll(request, poll_id))
