"""The pages of the web TV: the territory's TV, a channel, sending a video (in pieces with JavaScript, whole without),
the player, captions, and the video's files after the visibility rule. Thin: a form, one service, a redirect."""

import re
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core.csp import csp_update
from parvis.core.media import private_storage, serve
from parvis.core.permissions import can
from parvis.spaces.models import Space

from . import captions as vtt
from . import services
from .forms import CaptionForm, ChannelForm, VideoForm
from .models import Caption, Channel, State, Video, Visibility
from .storage import SERVED, storage_name

HOME_SIZE = 24
CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".vtt": "text/vtt; charset=utf-8",
}


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for each in errors:
                form.add_error(field if field in form.fields else None, each.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


def home(request):
    videos = list(Video.objects.visible_to(request.user).listed().for_list()[:HOME_SIZE])
    channels = list(Channel.objects.visible_to(request.user).for_list()[:50])
    return render(request, "tv/home.html", {"videos": videos, "channels": channels})


def channel(request, channel_id: int):
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    videos = list(Video.objects.visible_to(request.user).listed().filter(channel=channel).for_list()[:100])
    may_publish = can(request.user, "tv.publish", channel)
    # The officers follow their uploads: those still being sent or prepared, and those that failed, with why.
    pending = (
        list(Video.objects.filter(channel=channel).exclude(state=State.READY).order_by("-created_at")[:50])
        if may_publish
        else []
    )
    return render(
        request,
        "tv/channel.html",
        {"channel": channel, "space": channel.space, "videos": videos, "pending": pending, "may_publish": may_publish},
    )


@login_required
def channel_create(request, slug: str):
    space = get_object_or_404(Space.objects.readable_by(request.user).select_related("territory"), slug=slug)
    if not can(request.user, "tv.channel_create", space):
        raise PermissionDenied(_("Only the space's administrators can open a channel."))
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.channel_create(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The channel is open: send its first video."))
            return redirect(created)
    return render(request, "tv/channel_form.html", {"space": space, "form": form})


def _publishable(request, channel_id: int) -> Channel:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    if not can(request.user, "tv.publish", channel):
        raise PermissionDenied(_("Only the space's administrators can publish on this channel."))
    return channel


@login_required
def upload(request, channel_id: int):
    """Without JavaScript the file comes in the form; with it (`size` set, no file) the answer says where to send
    the pieces, and `upload.js` sends them."""
    channel = _publishable(request, channel_id)
    form = VideoForm(request.POST or None, request.FILES or None)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload_file = data["file"]
        size = upload_file.size if upload_file else (data["size"] or 0)
        try:
            video = services.video_start(
                author=request.user,
                channel=channel,
                title=data["title"],
                description=data["description"],
                visibility=data["visibility"],
                size=size,
            )
            if upload_file:
                services.video_receive_whole(actor=request.user, video=video, upload=upload_file)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if wants_json:
                return JsonResponse(_state(video) | {"upload_url": _receive_url(video)}, status=201)
            messages.success(request, _("The video is received: it is being prepared for playing."))
            return redirect("tv:state", video_id=video.pk)
    if wants_json and request.method == "POST":
        return JsonResponse({"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400)
    return render(
        request,
        "tv/upload.html",
        {
            "channel": channel,
            "space": channel.space,
            "form": form,
            "limit_mb": channel.byte_limit // 1_000_000,
            "words": {
                "sending": _("Sent: %(percent)s %%"),
                "lost": _("Connection lost: trying again in a few seconds…"),
                "done": _("Received. The video is being prepared for playing."),
                "failed": _("The upload stopped:"),
            },
        },
    )


def _receive_url(video: Video) -> str:
    return reverse("tv:receive", kwargs={"video_id": video.pk})


def _state(video: Video) -> dict:
    return {
        "id": video.pk,
        "state": video.state,
        "state_label": str(video.get_state_display()),
        "progress": video.progress,
        "failure": video.failure,
        "received": video.upload_received,
        "total": video.upload_total,
    }


def _own_upload(request, video_id: int) -> Video:
    """A video its uploader (or the space's moderators) follows, whatever its state."""
    video = get_object_or_404(
        Video.objects.in_readable_spaces(request.user).select_related("channel", "space"), pk=video_id
    )
    if not can(request.user, "video.edit", video):
        raise Http404
    return video


@login_required
@require_safe
def state(request, video_id: int):
    video = _own_upload(request, video_id)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(_state(video))
    return render(request, "tv/state.html", {"video": video, "space": video.space, "channel": video.channel})


CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
# The largest piece taken in one request (upload.js sends 4 MiB): read from the stream, not `request.body`, which
# Django caps far lower for form data.
PIECE_LIMIT = 16 * 1024 * 1024


@login_required
@require_http_methods(["GET", "HEAD", "PUT", "POST"])
def receive(request, video_id: int):
    """GET: how much was received (the client resumes from there). PUT: one piece, with `Content-Range`."""
    video = _own_upload(request, video_id)
    if request.method in ("GET", "HEAD"):
        return JsonResponse(_state(video))
    found = CONTENT_RANGE.match(request.headers.get("Content-Range", ""))
    if request.method != "PUT" or found is None:
        return JsonResponse({"detail": _("Send the file in pieces with a Content-Range header.")}, status=400)
    start, end, total = (int(value) for value in found.groups())
    if end - start + 1 > PIECE_LIMIT:
        return JsonResponse(
            {"detail": _("Send pieces of at most %(size)s MB.") % {"size": PIECE_LIMIT // 1024 // 1024}}, status=400
        )
    chunk = request.read(PIECE_LIMIT + 1)
    if len(chunk) != end - start + 1:
        return JsonResponse(
            {
                "detail": _("The piece arrived incomplete (%(got)s of %(expected)s bytes): send it again.")
                % {"got": len(chunk), "expected": end - start + 1},
                **_state(video),
            },
            status=400,
        )
    try:
        video = services.video_receive(actor=request.user, video=video, start=start, total=total, chunk=chunk)
    except services.OutOfStep as error:
        video.refresh_from_db()
        return JsonResponse({"detail": error.messages[0], **_state(video)}, status=409)
    except ValidationError as error:
        video.refresh_from_db()
        return JsonResponse({"detail": error.messages[0], **_state(video)}, status=400)
    except PermissionDenied as error:
        return JsonResponse({"detail": str(error)}, status=403)
    return JsonResponse(_state(video))


def _watchable(request, video_id: int) -> Video:
    """A ready video the person may watch; an unlisted one only with its key (`?cle=`), as if it did not exist."""
    video = get_object_or_404(Video.objects.visible_to(request.user).for_page(), pk=video_id)
    if video.visibility == Visibility.UNLISTED and request.GET.get("cle", "") != video.key:
        raise Http404
    return video


# hls.js hands the video element a MediaSource (blob: URL); its worker is turned off, so workers stay forbidden.
@csp_update(media_src="'self' blob:")
def video(request, video_id: int):
    video = _watchable(request, video_id)
    captions = list(video.captions.all())
    transcript = []
    first = next((caption for caption in captions if caption.language == request.LANGUAGE_CODE), None) or (
        captions[0] if captions else None
    )
    if first is not None:
        try:
            with first.file.open("rb") as handle:
                transcript = vtt.transcript(handle.read(vtt.MAX_BYTES).decode("utf-8", errors="replace"))
        except FileNotFoundError:
            transcript = []
    return render(
        request,
        "tv/video.html",
        {
            "video": video,
            "space": video.space,
            "captions": captions,
            "transcript": transcript,
            "transcript_caption": first,
            "may_edit": can(request.user, "video.edit", video),
            "embeddable": Video.objects.public().listed().filter(pk=video.pk).exists(),
        },
    )


# Framed by a commune's website: only what may leave the site (a public video of a public space, `visible_to(None)`),
# whoever asks, so that a member's session never lets a private video into another site's page.
@xframe_options_exempt
@csp_update(frame_ancestors="*", media_src="'self' blob:")
@require_safe
def embed(request, video_id: int):
    video = get_object_or_404(Video.objects.public().listed().for_page(), pk=video_id)
    return render(request, "tv/embed.html", {"video": video, "captions": list(video.captions.all())})


@login_required
def captions(request, video_id: int):
    video = _own_upload(request, video_id)
    form = CaptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.caption_set(
                actor=request.user,
                video=video,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The captions are saved."))
            return redirect("tv:captions", video_id=video.pk)
    return render(
        request,
        "tv/captions.html",
        {"video": video, "space": video.space, "form": form, "captions": list(video.captions.all())},
    )


@login_required
@require_POST
def requeue(request, video_id: int):
    video = _own_upload(request, video_id)
    try:
        services.video_requeue(actor=request.user, video=video)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("tv:state", video_id=video.pk)


@login_required
@require_POST
def delete(request, video_id: int):
    video = _own_upload(request, video_id)
    channel_url = video.channel.get_absolute_url()
    services.video_delete(actor=request.user, video=video)
    messages.success(request, _("The video is deleted."))
    return redirect(channel_url)


@require_safe
def video_file(request, key: str, name: str):
    """A file of a video (playlists, segments, the MP4, the poster, captions) for a reader the rule lets through:
    the key names the video, the rule decides; 404 for anyone else and for any other name."""
    if not SERVED.match(name):
        raise Http404
    video = Video.objects.visible_to(request.user).filter(key=key).first()
    if video is None:
        raise Http404
    content_type = CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
    if name.startswith("captions/"):
        caption = Caption.objects.filter(
            video=video, language=name.removeprefix("captions/").removesuffix(".vtt")
        ).first()
        if caption is None:
            raise Http404
        return serve(request, caption.file, content_type=content_type)
    stored = SimpleNamespace(storage=private_storage(), name=storage_name(video, name))
    return serve(request, stored, content_type=content_type)
