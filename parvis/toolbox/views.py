"""The pages of a group's toolbox: its files and their versions, its agenda, its members' map, pinning posts and
saving them for later, and the person's "Saved" page. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parvis.core.media import serve
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.posts.models import Post
from parvis.spaces.forms import add_service_errors
from parvis.spaces.models import Space

from . import reads, services
from .forms import FileForm, VersionForm
from .models import FileVersion, GroupFile, SavedPost


def _readable_space(request, slug: str) -> Space:
    """A space whose content the viewer may read; a 404 otherwise (a secret group's existence is private too)."""
    space = get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)
    if not space.is_readable_by(request.user):
        raise Http404
    return space


def _report(request, error: Exception) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


@cache_for_visitors
def files(request, slug: str):
    space = _readable_space(request, slug)
    may_upload = can(request.user, "file.upload", space)
    form = FileForm(request.POST or None, request.FILES or None) if may_upload else None
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied(_("Only the group's members share files here."))
        if form.is_valid():
            try:
                group_file = services.file_upload(
                    actor=request.user,
                    space=space,
                    upload=form.cleaned_data["document"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The file is shared with the group."))
                return redirect(group_file)
    page = Paginator(reads.group_files(space, request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "toolbox/files.html",
        {"space": space, "page": page, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _visible_file(request, slug: str, file_id: int) -> GroupFile:
    space = _readable_space(request, slug)
    return get_object_or_404(
        GroupFile.objects.visible_to(request.user).select_related("space", "author"), pk=file_id, space=space
    )


def file_detail(request, slug: str, file_id: int):
    group_file = _visible_file(request, slug, file_id)
    may_edit = can(request.user, "file.edit", group_file)
    form = VersionForm(request.POST or None, request.FILES or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only the person who shared this file or a moderator sends a new version."))
        if form.is_valid():
            try:
                services.file_version_add(
                    actor=request.user, group_file=group_file, upload=form.cleaned_data["document"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The new version is online; the earlier ones stay listed."))
                return redirect(group_file)
    versions = list(group_file.versions.select_related("uploaded_by").order_by("-number"))
    return render(
        request,
        "toolbox/file.html",
        {"space": group_file.space, "file": group_file, "versions": versions, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_safe
def download(request, slug: str, file_id: int, number: int):
    group_file = _visible_file(request, slug, file_id)
    version = get_object_or_404(FileVersion, file=group_file, number=number)
    response = serve(request, version.document, content_type=version.content_type)
    # Downloaded, never opened as a page of the site; the person's own name for it, with the format's extension.
    base = version.original_name.rsplit(".", 1)[0] or "document"
    response["Content-Disposition"] = content_disposition_header(True, f"{base}.{version.extension}")
    return response


@cache_for_visitors
def agenda(request, slug: str):
    space = _readable_space(request, slug)
    return render(
        request, "toolbox/agenda.html", {"space": space, "events": list(reads.group_events(space, request.user))}
    )


@cache_for_visitors
def members_map(request, slug: str):
    space = _readable_space(request, slug)
    return render(request, "toolbox/map.html", {"space": space, **reads.members_by_quartier(space)})


def _readable_post(request, post_id: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.user).select_related("space"), pk=post_id)


@login_required
@require_POST
def pin(request, post_id: int):
    post = _readable_post(request, post_id)
    try:
        services.post_pin(actor=request.user, post=post)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("The post is pinned on top of the group."))
    return redirect(post.space)


@login_required
@require_POST
def unpin(request, post_id: int):
    post = _readable_post(request, post_id)
    try:
        services.post_unpin(actor=request.user, post=post)
    except PermissionDenied as error:
        _report(request, error)
    else:
        messages.success(request, _("The post is no longer pinned."))
    return redirect(post.space)


@login_required
@require_POST
def save(request, post_id: int):
    post = _readable_post(request, post_id)
    services.post_save_for_later(user=request.user, post=post)
    messages.success(request, _("Saved. Find it again in your saved posts."))
    return redirect(post)


@login_required
@require_POST
def unsave(request, post_id: int):
    services.post_unsave(user=request.user, post_id=post_id)
    messages.success(request, _("The post is removed from your saved posts."))
    return redirect("toolbox:saved")


@login_required
def saved(request):
    rows = SavedPost.objects.of(request.user)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    ids = [row.post_id for row in page.object_list]
    posts = {post.pk: post for post in Post.objects.filter(pk__in=ids).for_feed(request.user)}
    items = [posts[pk] for pk in ids if pk in posts]
    return render(request, "toolbox/saved.html", {"page": page, "posts": items})
