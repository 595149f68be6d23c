from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Membership, MembershipStatus, Nature, Space


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


def detail(request, slug: str):
    from parvis.posts import feeds
    from parvis.posts.services import can_post_in
    from parvis.posts.views import organisations_of, render_feed

    # A secret space is a 404 for outsiders: its existence is not disclosed.
    space = get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)
    membership = services.membership_of(space=space, user=request.user)
    can_read = Space.objects.readable_by(request.user).filter(pk=space.pk).exists()
    members = (
        Membership.objects.active().filter(space=space).select_related("user").order_by("role", "created_at")[:50]
        if can_read
        else []
    )
    can_post = can_post_in(user=request.user, space=space)
    context = {
        "space": space,
        "membership": membership,
        "can_read": can_read,
        "members": members,
        "member_count": Membership.objects.active().filter(space=space).count(),
        "can_post": can_post,
        "organisations": list(organisations_of(request.user)) if can_post else [],
        "draft": request.session.pop("parvis_draft", "") if can_post else "",
    }
    posts = feeds.space_feed(space, request.user) if can_read else feeds.space_feed(space, request.user).none()
    return render_feed(request, "spaces/detail.html", context, posts)


@login_required
@require_POST
def join(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user), slug=slug)
    try:
        membership = services.space_join(space=space, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if membership.status == MembershipStatus.ACTIVE:
            messages.success(request, _("You are now a member of %(space)s.") % {"space": space.name})
        else:
            messages.info(request, _("Your request to join is sent to the space's administrators."))
    return redirect(space)


@login_required
@require_POST
def leave(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user), slug=slug)
    try:
        services.space_leave(space=space, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You left %(space)s.") % {"space": space.name})
    return redirect(space) if space.visibility != "secret" else redirect("spaces:list")
