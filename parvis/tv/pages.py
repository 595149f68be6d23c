"""The web TV's programmes, playlists and chapters: their pages for viewers (only the videos each may watch, counts
included) and their forms for the channel's managers. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can

from . import chapters as chapter_rules
from . import programmes, services
from .forms import AddVideoForm, ChaptersForm, CollectionForm, VideoDetailsForm
from .models import Channel, Playlist, Programme, State, Video
from .views import _errors_to_form, _own_upload

LIST_SIZE = 200


def _collection(request, model, pk: int):
    return get_object_or_404(
        model.objects.visible_to(request.user).select_related("channel", "space__territory"), pk=pk
    )


def _videos_of(user, collection):
    videos = Video.objects.visible_to(user).listed().select_related("channel", "space__territory")
    if isinstance(collection, Programme):
        return list(videos.in_programme(collection)[:LIST_SIZE])
    return list(videos.in_playlist(collection)[:LIST_SIZE])


def _collection_page(request, collection, *, template: str):
    videos = _videos_of(request.user, collection)
    may_manage = can(request.user, "tv.manage", collection.channel)
    context = {
        "collection": collection,
        "channel": collection.channel,
        "space": collection.space,
        "videos": videos,
        "may_manage": may_manage,
        # A playlist's videos open in its sequence ("up next" follows it); a programme's follow their episodes.
        "suffix": f"?liste={collection.pk}" if isinstance(collection, Playlist) else "",
    }
    if may_manage:
        # The managers arrange every video of the channel they may see, listed or not.
        taken = {video.pk for video in videos}
        if isinstance(collection, Programme):
            candidates = Video.objects.visible_to(request.user).filter(channel=collection.channel, episode=None)
        else:
            candidates = Video.objects.visible_to(request.user).filter(channel=collection.channel)
        candidates = [
            video for video in candidates.order_by("-published_at", "-pk")[:LIST_SIZE] if video.pk not in taken
        ]
        context["add_form"] = AddVideoForm(videos=candidates) if candidates else None
    return render(request, template, context)


@cache_for_visitors
def programme(request, programme_id: int):
    return _collection_page(request, _collection(request, Programme, programme_id), template="tv/programme.html")


@cache_for_visitors
def playlist(request, playlist_id: int):
    return _collection_page(request, _collection(request, Playlist, playlist_id), template="tv/playlist.html")


def _managed_channel(request, channel_id: int) -> Channel:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    if not can(request.user, "tv.manage", channel):
        raise PermissionDenied(
            _("Only the space's administrators can arrange this channel's programmes and playlists.")
        )
    return channel


def _create(request, channel_id: int, *, service, heading: str, done: str):
    channel = _managed_channel(request, channel_id)
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = service(actor=request.user, channel=channel, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect(created)
    return render(
        request,
        "tv/collection_form.html",
        {"channel": channel, "space": channel.space, "form": form, "heading": heading},
    )


@login_required
def programme_create(request, channel_id: int):
    return _create(
        request,
        channel_id,
        service=programmes.programme_create,
        heading=_("New programme"),
        done=_("The programme is created: add its episodes."),
    )


@login_required
def playlist_create(request, channel_id: int):
    return _create(
        request,
        channel_id,
        service=programmes.playlist_create,
        heading=_("New playlist"),
        done=_("The playlist is created: add its videos."),
    )


def _arrange(request, collection):
    """One POST: `action` is add, up, down, remove or delete; `video` names the video (a video of the channel the
    manager may see)."""
    if not can(request.user, "tv.manage", collection.channel):
        raise PermissionDenied(
            _("Only the space's administrators can arrange this channel's programmes and playlists.")
        )
    action = request.POST.get("action", "")
    if action == "delete":
        programmes.collection_delete(actor=request.user, collection=collection)
        messages.success(request, _("Deleted. Its videos stay on the channel."))
        return redirect(collection.channel)
    try:
        video_id = int(request.POST.get("video", ""))
    except ValueError:
        video_id = None
    video = Video.objects.visible_to(request.user).filter(pk=video_id, channel=collection.channel).first()
    try:
        if video is None:
            raise ValidationError({"video": _("Choose a video of this channel.")})
        if action == "add":
            programmes.collection_add_video(actor=request.user, collection=collection, video=video)
            messages.success(request, _("The video is added."))
        elif action in ("up", "down"):
            offset = -1 if action == "up" else 1
            programmes.collection_move_video(actor=request.user, collection=collection, video=video, offset=offset)
            messages.success(request, _("The order is saved."))
        elif action == "remove":
            programmes.collection_remove_video(actor=request.user, collection=collection, video=video)
            messages.success(request, _("The video is taken out of the list (it stays on the channel)."))
        else:
            raise ValidationError({"action": _("Choose what to do.")})
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(collection)


@login_required
@require_POST
def programme_arrange(request, programme_id: int):
    return _arrange(request, _collection(request, Programme, programme_id))


@login_required
@require_POST
def playlist_arrange(request, playlist_id: int):
    return _arrange(request, _collection(request, Playlist, playlist_id))


@login_required
def chapters(request, video_id: int):
    video = _own_upload(request, video_id)
    current = list(video.chapters.all())
    form = ChaptersForm(request.POST or None, initial={"chapters": chapter_rules.as_text(current)})
    if request.method == "POST" and form.is_valid():
        try:
            chapter_rules.chapters_set(actor=request.user, video=video, text=form.cleaned_data["chapters"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The chapters are saved."))
            return redirect("tv:chapters", video_id=video.pk)
    return render(
        request, "tv/chapters.html", {"video": video, "space": video.space, "form": form, "chapters": current}
    )


@login_required
def video_edit(request, video_id: int):
    video = _own_upload(request, video_id)
    initial = {
        "title": video.title,
        "description": video.description,
        "theme": video.theme,
        "commune": f"{video.commune.name} ({video.commune.code})" if video.commune_id else "",
    }
    form = VideoDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.video_edit(actor=request.user, video=video, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The video's details are saved."))
            if video.state == State.READY:
                return redirect(video)
            return redirect("tv:state", video_id=video.pk)
    return render(request, "tv/video_edit.html", {"video": video, "space": video.space, "form": form})
