from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core import kinds
from parvis.core.network import client_ip
from parvis.core.ratelimit import RateLimited
from parvis.spaces.models import Space

from . import appeals, services
from .forms import AppealForm, AppealReviewForm, ContestForm, DecisionForm, ReportForm, ReviewForm
from .models import (
    Decision,
    DecisionStatus,
    Report,
    is_operator_moderator,
    moderated_space_ids,
)
from .transparency import transparency_csv, transparency_for


def charter(request):
    return render(request, "moderation/charter.html")


def _target_url(target) -> str:
    return target.target_url


def _error_messages(error: ValidationError | PermissionDenied) -> list[str]:
    return getattr(error, "messages", None) or [str(error) or _("You may not do this.")]


def report(request, kind: str, target_id: int):
    """A notice, from a person signed in or from anyone about what anyone may read (DSA art. 16)."""
    content_kind = kinds.by_word(kind)
    if content_kind is None:
        raise Http404
    target = services.report_target_resolve(user=request.user, kind=content_kind.name, target_id=target_id)
    anonymous = not request.user.is_authenticated
    form = ReportForm(request.POST or None, anonymous=anonymous)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.report_create(
                reporter=None if anonymous else request.user,
                kind=target.kind,
                target_id=target_id,
                reason=data["reason"],
                details=data["details"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                ip=client_ip(request),
                good_faith=data["good_faith"],
            )
        except RateLimited as error:
            errors = error.messages
        except ValidationError as error:
            # A sentence about a field goes next to it; one about the notice itself, at the top.
            if hasattr(error, "error_dict"):
                for field, field_messages in error.message_dict.items():
                    if field in form.fields:
                        form.add_error(field, field_messages)
                    else:
                        errors.extend(field_messages)
            else:
                errors = error.messages
        else:
            request.session["notice_sent"] = {
                "id": sent.pk,
                "back": _target_url(target),
                "warned": services.notifier_warned(sent),
                "email": sent.reporter_email or request.user.email,
            }
            return redirect("moderation:report_sent")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/report.html",
        {
            "target": target,
            "form": form,
            "errors": errors,
            "url_kind": kind,
            "target_url": _target_url(target),
            "anonymous": anonymous,
        },
        status=status,
    )


def report_sent(request):
    """The confirmation of a notice just sent (kept in the session, so that it never shows another's)."""
    sent = request.session.get("notice_sent")
    if not sent:
        return redirect("home")
    return render(request, "moderation/report_sent.html", {"sent": sent})


@login_required
def queue(request):
    user = request.user
    operator = is_operator_moderator(user)
    moderates = operator or moderated_space_ids(user).exists()
    reports = list(Report.objects.handled_by(user).open().for_queue()[:200]) if moderates else []
    contested = (
        list(Decision.objects.handled_by(user).contested().select_related("space", "author")[:100]) if moderates else []
    )
    # Contests wait for a moderator other than the one who decided, unless nobody else may review them.
    contested = [d for d in contested if services.may_review(user=user, target=d, first_id=d.moderator_id)]
    appealed = (
        list(Report.objects.handled_by(user).appealed().select_related("space", "author")[:100]) if moderates else []
    )
    appealed = [r for r in appealed if services.may_review(user=user, target=r, first_id=r.handled_by_id)]
    for item in appealed:
        item.review_form = AppealReviewForm(auto_id=f"appeal-{item.pk}-%s")
        if "hide" not in services.actions_for(item.kind):
            item.review_form.fields["action"].choices = [("uphold", _("Uphold the dismissal"))]
    kinds.attach(reports + contested + appealed)
    # The reported item is shown to whoever handles the report (the one exception to the visibility rule); a link
    # to the rest of its space only when the moderator may read that space anyway.
    readable = set(
        Space.objects.readable_by(user)
        .filter(pk__in={r.space_id for r in reports if r.space_id})
        .values_list("pk", flat=True)
    )
    for item in reports:
        # Never a link to a conversation: the moderators see the reported message, not the rest. Nor to a listing,
        # whose page only the people of its scope open (the queue shows its title and text).
        content_kind = item.content_kind
        private = content_kind is None or not content_kind.linkable
        item.link = _target_url(item) if not private and (item.space_id is None or item.space_id in readable) else ""
        item.actions = [
            (value, label)
            for value, label in DecisionForm.ACTIONS
            if value == "dismiss" or value in services.actions_for(item.kind)
        ]
        if not operator:
            item.actions = [a for a in item.actions if a[0] != "suspend"]
    return render(
        request,
        "moderation/queue.html",
        {
            "reports": reports,
            "contested": contested,
            "appealed": appealed,
            "moderates": moderates,
            "is_operator": operator,
        },
    )


@login_required
@require_POST
def decide(request, report_id: int):
    report = get_object_or_404(Report.objects.handled_by(request.user).select_related("space"), pk=report_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("moderation:queue")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "dismiss":
            services.report_dismiss(moderator=request.user, report=report, reason=reason)
            messages.success(request, _("The report is dismissed."))
        else:
            services.decision_take(moderator=request.user, report=report, action=action, reason=reason)
            messages.success(request, _("Decision recorded; the author receives a statement of reasons."))
    except (PermissionDenied, ValidationError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
    return redirect("moderation:queue")


@login_required
def decision(request, decision_id: int):
    decision = get_object_or_404(
        Decision.objects.readable_by(request.user).select_related("space"),
        pk=decision_id,
    )
    is_author = decision.author_id == request.user.pk
    may_review = decision.status == DecisionStatus.CONTESTED and services.may_review(
        user=request.user, target=decision, first_id=decision.moderator_id
    )
    return render(
        request,
        "moderation/decision.html",
        {
            "decision": decision,
            "is_author": is_author,
            "contest_form": ContestForm() if is_author and decision.can_be_contested else None,
            "review_form": ReviewForm() if may_review else None,
            "url_kind": decision.content_kind.word if decision.content_kind else decision.kind,
        },
    )


@login_required
@require_POST
def contest(request, decision_id: int):
    decision = get_object_or_404(Decision.objects.readable_by(request.user), pk=decision_id)
    form = ContestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Explain why you contest this decision."))
        return redirect("moderation:decision", decision_id=decision.pk)
    try:
        services.decision_contest(author=request.user, decision=decision, text=form.cleaned_data["text"])
    except (PermissionDenied, ValidationError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Your contest is recorded: a different moderator will review the decision."))
    return redirect("moderation:decision", decision_id=decision.pk)


@login_required
@require_POST
def review(request, decision_id: int):
    decision = get_object_or_404(Decision.objects.handled_by(request.user), pk=decision_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome and give the reason for your review."))
        return redirect("moderation:decision", decision_id=decision.pk)
    reverse = form.cleaned_data["outcome"] == "reverse"
    try:
        services.decision_review(
            reviewer=request.user, decision=decision, reverse=reverse, reason=form.cleaned_data["reason"]
        )
    except (PermissionDenied, ValidationError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Decision reversed: the content is restored.") if reverse else _("Decision upheld.")
        )
    return redirect("moderation:decision", decision_id=decision.pk)


def _appeal_page(request, report, *, by_link: bool, notifier=None):
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeals.report_appeal(report=report, text=form.cleaned_data["text"], notifier=notifier, by_link=by_link)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_messages(error))
        else:
            return render(request, "moderation/appeal.html", {"report": report, "done": True})
    status = 400 if request.method == "POST" else 200
    return render(request, "moderation/appeal.html", {"report": report, "form": form}, status=status)


@login_required
def appeal(request, report_id: int):
    """The notifier, signed in, contests the dismissal of their notice."""
    report = get_object_or_404(Report.objects.filter(reporter=request.user), pk=report_id)
    if not report.can_be_appealed:
        return render(request, "moderation/appeal.html", {"report": report, "closed": True})
    return _appeal_page(request, report, by_link=False, notifier=request.user)


def appeal_by_link(request, token: str):
    """A notifier without an account contests a dismissal through the link e-mailed to them, once."""
    report = appeals.report_for_token(token)
    if report is None:
        return render(request, "moderation/appeal.html", {"expired": True}, status=404)
    return _appeal_page(request, report, by_link=True)


@login_required
@require_POST
def appeal_review(request, report_id: int):
    report = get_object_or_404(Report.objects.handled_by(request.user).appealed(), pk=report_id)
    form = AppealReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome and give the reason for your review."))
        return redirect("moderation:queue")
    try:
        reviewed = appeals.report_appeal_review(
            reviewer=request.user, report=report, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"]
        )
    except (PermissionDenied, ValidationError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Dismissal reversed: the content is acted upon and its author told.")
            if reviewed.appeal_outcome == "reversed"
            else _("Dismissal upheld; the person who contested is told."),
        )
    return redirect("moderation:queue")


def _report_year(year: int | None) -> int:
    this_year = timezone.localdate().year
    year = this_year if year is None else year
    if not 2000 <= year <= this_year:
        raise Http404
    return year


def transparency(request, year: int | None = None):
    """The yearly transparency report, for anyone: counts and delays, nobody named."""
    year = _report_year(year)
    years = sorted({day.year for day in Report.objects.dates("created_at", "year")} | {year}, reverse=True)
    return render(request, "moderation/transparency.html", {"figures": transparency_for(year), "years": years})


def transparency_download(request, year: int):
    figures = transparency_for(_report_year(year))
    response = HttpResponse(transparency_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transparence-moderation-{figures.year}.csv"'
    return response
