"""The pages of polls: ask one in a space, read and vote, close. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import services
from .forms import PollForm, VoteForm
from .models import Poll


def _errors_to_form(form, error: ValidationError) -> None:
    """The service's sentences next to their fields (or at the top when they name none)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for each in errors:
                form.add_error(field if field in form.fields else None, each.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def create(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)
    if not can(request.user, "poll.create", space):
        raise PermissionDenied(_("You cannot ask a poll in this space."))
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll, _created = submit_once(
                request,
                kind="poll",
                create=lambda: services.poll_create(
                    author=request.user,
                    space=space,
                    question=data["question"],
                    options=form.option_lines(),
                    multiple=data["multiple"],
                    named=data["named"],
                    closes_at=data["closes_at"],
                ),
                find=lambda pk: Poll.objects.filter(pk=pk, author=request.user).first(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your poll is published."))
            return redirect(poll)
    return render(request, "polls/form.html", {"space": space, "form": form})


@cache_for_visitors
def detail(request, poll_id: int, vote_form=None):
    poll = get_object_or_404(Poll.objects.visible_to(request.user).for_page(), pk=poll_id)
    ballot = services.voted_options(voter=request.user, poll=poll)
    shown = services.results_shown(viewer=request.user, poll=poll, ballot=ballot)
    names = (services.voters_by_option(viewer=request.user, poll=poll) if shown else None) or {}
    results = poll.results() if shown else []
    for row in results:
        row["names"] = names.get(row["option"].pk, [])
        row["mine"] = row["option"].pk in ballot
    may_vote = not poll.is_closed and can(request.user, "poll.vote", poll)
    return render(
        request,
        "polls/detail.html",
        {
            "poll": poll,
            "space": poll.space,
            "ballot": ballot,
            "results": results,
            "may_vote": may_vote,
            "changing": request.GET.get("changer") == "1" or vote_form is not None,
            "vote_form": vote_form or (VoteForm(poll=poll) if may_vote else None),
            "may_close": not poll.is_closed and can(request.user, "poll.close", poll),
        },
    )


@login_required
@require_POST
def vote(request, poll_id: int):
    poll = get_object_or_404(Poll.objects.visible_to(request.user).for_page(), pk=poll_id)
    form = VoteForm(request.POST, poll=poll)
    if form.is_valid():
        try:
            services.poll_vote(voter=request.user, poll=poll, option_ids=form.cleaned_data["options"])
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(poll)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your vote is counted. You can change it until the poll closes."))
            return redirect(poll)
    return detail(request, poll_id, vote_form=form)


@login_required
@require_POST
def close(request, poll_id: int):
    poll = get_object_or_404(Poll.objects.visible_to(request.user), pk=poll_id)
    try:
        services.poll_close(actor=request.user, poll=poll)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The poll is closed: the results are final."))
    return redirect(poll)
