from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can

from .forms import (
    CoverForm,
    GroupForm,
    InviteForm,
    JoinForm,
    OrganisationForm,
    RoleForm,
    RulesForm,
    SettingsForm,
    add_service_errors,
)
from .media import space_cover_set
from .models import Membership, MembershipStatus, Nature, Role, Space, Visibility
from .services.invitations import invitation_decline, membership_invite
from .services.memberships import (
    membership_approve,
    membership_of,
    membership_refuse,
    membership_remove,
    membership_set_role,
    space_join,
    space_leave,
    space_rules_set,
    space_transfer_ownership,
)
from .services.organisations import organisation_request
from .services.spaces import space_create, space_follow, space_unfollow, space_update


@cache_for_visitors
def space_list(request):
    spaces = Space.objects.listed_for(request.user).for_list().order_by("name")
    nature = request.GET.get("nature", "")
    if nature in Nature.values:
        spaces = spaces.filter(nature=nature)
    else:
        nature = ""
    if nature != Nature.INSTITUTIONNEL:
        # The official spaces (one per commune) are reached from their territory; here, the groups and pages.
        spaces = spaces.filter(is_official=False)
    page = Paginator(spaces, 50).get_page(request.GET.get("page"))
    return render(request, "spaces/list.html", {"page": page, "nature": nature, "natures": Nature.choices})


@login_required
@require_http_methods(["GET", "POST"])
def join(request, slug: str):
    """One button for a space that asks nothing; a page with its rules to accept and its questions to answer for a
    group that has some (the button leads here, and the form posts here)."""
    space = get_object_or_404(Space.objects.listed_for(request.user), slug=slug)
    form = JoinForm(request.POST or None, space=space) if space.asks_before_joining else None
    if request.method == "GET":
        if form is None:
            return redirect(space)
        return render(request, "spaces/join.html", {"space": space, "form": form})
    if form is not None and not form.is_valid():
        return render(request, "spaces/join.html", {"space": space, "form": form}, status=400)
    try:
        membership = space_join(
            space=space,
            user=request.user,
            answers=form.answers() if form is not None else [],
            accept_rules=bool(form is not None and form.cleaned_data.get("accept_rules")),
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        if form is None:
            _report(request, error)
            return redirect(space)
        add_service_errors(form, error)
        return render(request, "spaces/join.html", {"space": space, "form": form}, status=400)
    else:
        if membership.status == MembershipStatus.ACTIVE:
            messages.success(request, _("You are now a member of %(space)s.") % {"space": space.name})
        else:
            messages.info(request, _("Your request to join is sent to the space's administrators."))
    return redirect(space)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user), slug=slug)
    if request.method == "GET":
        # The "⋯" menu leads here: leaving is confirmed on its own page, which works without JavaScript.
        membership = membership_of(space=space, user=request.user)
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            return redirect(space)
        return render(request, "spaces/leave.html", {"space": space, "membership": membership})
    try:
        space_leave(space=space, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You left %(space)s.") % {"space": space.name})
    return redirect(space) if space.visibility != Visibility.SECRET else redirect("spaces:list")


def _listed_space(request, slug: str) -> Space:
    return get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)


def _report(request, error: Exception) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


@login_required
def create(request):
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            space = space_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your group %(space)s is open.") % {"space": space.name})
            return redirect(space)
    return render(request, "spaces/create.html", {"form": form})


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = organisation_request(requester=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The page of %(space)s is open. The operator will check its number before it gets its badge.")
                % {"space": space.name},
            )
            return redirect(space)
    return render(request, "spaces/organisation_create.html", {"form": form})


@login_required
def invitations(request):
    pending = Membership.objects.invitations_of(request.user)
    return render(request, "spaces/invitations.html", {"invitations": pending})


@login_required
@require_POST
def decline(request, slug: str):
    space = _listed_space(request, slug)
    try:
        invitation_decline(user=request.user, space=space)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("You declined the invitation to %(space)s.") % {"space": space.name})
    return redirect("spaces:invitations")


@login_required
@require_POST
def follow(request, slug: str):
    space = _listed_space(request, slug)
    try:
        space_follow(user=request.user, space=space)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Its posts will reach your feed."))
    return redirect(space)


@login_required
@require_POST
def unfollow(request, slug: str):
    space = _listed_space(request, slug)
    space_unfollow(user=request.user, space=space)
    messages.success(request, _("You no longer follow %(space)s.") % {"space": space.name})
    return redirect(space)


def _administered_space(request, slug: str):
    """The space, when the user administers it: 404 when the user may not know the space, 403 when they are not
    one of its administrators."""
    space = _listed_space(request, slug)
    if not can(request.user, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators manage its members and settings."))
    return space


MEMBERS_PAGE_SIZE = 100


@login_required
def members(request, slug: str):
    space = _administered_space(request, slug)
    rows = Membership.objects.filter(space=space).for_members_page()
    counts = Membership.objects.filter(space=space).aggregate(
        active=Count("pk", filter=Q(status=MembershipStatus.ACTIVE)),
        requested=Count("pk", filter=Q(status=MembershipStatus.REQUESTED)),
        invited=Count("pk", filter=Q(status=MembershipStatus.INVITED)),
    )
    page = Paginator(rows.filter(status=MembershipStatus.ACTIVE), MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "space": space,
        "page": page,
        "active_count": counts["active"],
        # Requests and invitations are few: shown in full.
        "requests": list(rows.filter(status=MembershipStatus.REQUESTED)) if counts["requested"] else [],
        "invited": list(rows.filter(status=MembershipStatus.INVITED)) if counts["invited"] else [],
        "invite_form": InviteForm(),
        "roles": [c for c in Role.choices if c[0] != Role.OWNER],
    }
    return render(request, "spaces/members.html", context)


def _membership_in(space: Space, membership_id: int) -> Membership:
    membership = Membership.objects.filter(space=space, pk=membership_id).select_related("user").first()
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def member_action(request, slug: str, membership_id: int, action: str):
    """The buttons of the members page: approve, refuse, change role, remove, hand over."""
    space = _administered_space(request, slug)
    target = _membership_in(space, membership_id)
    name = target.user.public_name
    try:
        if action == "approve":
            membership_approve(actor=request.user, space=space, membership=target)
            done = _("%(name)s is now a member.")
        elif action == "refuse":
            membership_refuse(actor=request.user, space=space, membership=target, reason=request.POST.get("reason", ""))
            done = _("The request of %(name)s is refused.")
        elif action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose administrator, moderator or member."))
            membership_set_role(actor=request.user, space=space, membership=target, role=form.cleaned_data["role"])
            done = _("The role of %(name)s is changed.")
        elif action == "remove":
            membership_remove(actor=request.user, space=space, membership=target, reason=request.POST.get("reason", ""))
            done = _("%(name)s is no longer in the space.")
        elif action == "transfer":
            space_transfer_ownership(actor=request.user, space=space, new_owner=target)
            done = _("%(name)s now owns the space; you stay an administrator.")
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, done % {"name": name})
    return redirect("spaces:members", slug=space.slug)


@login_required
@require_POST
def invite(request, slug: str):
    space = _administered_space(request, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the person's handle, for example @camille."))
        return redirect("spaces:members", slug=space.slug)
    try:
        membership = membership_invite(actor=request.user, space=space, handle=form.cleaned_data["handle"])
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        if membership.status == MembershipStatus.ACTIVE:
            messages.success(
                request, _("%(name)s had asked to join: they are now a member.") % {"name": membership.user.public_name}
            )
        else:
            messages.success(request, _("%(name)s is invited.") % {"name": membership.user.public_name})
    return redirect("spaces:members", slug=space.slug)


@login_required
def space_settings(request, slug: str):
    space = _administered_space(request, slug)
    initial = {f: getattr(space, f) for f in ("name", "description", "visibility", "join_policy")}
    form = SettingsForm(request.POST or None, initial=initial, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            space_update(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The settings are saved."))
            return redirect(space)
    return render(request, "spaces/settings.html", {"space": space, "form": form, "cover_form": CoverForm()})


@login_required
def space_rules(request, slug: str):
    space = _administered_space(request, slug)
    form = RulesForm(
        request.POST or None, initial={"rules": space.rules, "questions": "\n".join(space.join_question_list)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            space_rules_set(
                actor=request.user,
                space=space,
                rules=form.cleaned_data["rules"],
                questions=form.cleaned_data["questions"].splitlines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The rules and questions are saved."))
            return redirect(space)
    return render(request, "spaces/rules.html", {"space": space, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def space_cover(request, slug: str):
    space = _administered_space(request, slug)
    form = CoverForm(request.POST, request.FILES)
    if form.is_valid():
        upload = None if form.cleaned_data["remove"] else form.cleaned_data["cover"]
        if upload is None and not form.cleaned_data["remove"]:
            form.add_error("cover", _("Choose a picture, or tick “Remove the cover picture”."))
        else:
            try:
                space_cover_set(actor=request.user, space=space, upload=upload, alt_text=form.cleaned_data["cover_alt"])
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The cover picture is saved.") if upload else _("The cover picture is removed.")
                )
                return redirect(space)
    initial = {f: getattr(space, f) for f in ("name", "description", "visibility", "join_policy")}
    settings_form = SettingsForm(initial=initial, space=space)
    return render(
        request, "spaces/settings.html", {"space": space, "form": settings_form, "cover_form": form}, status=400
    )
