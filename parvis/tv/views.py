"""The pages of the web TV: the territory's TV, a channel, sending a video (in pieces with JavaScript, whole without),
the player, captions, and the video's files after the visibility rule. Thin: a form, one service, a redirect."""

import re
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core.csp import csp_update
from parvis.core.cursors import decode_cursor, encode_position
from parvis.core.media import CACHE_CONTROL, private_storage, serve
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import captions as vtt
from . import services, sharing
from .chapters import as_webvtt, parse_time
from .forms import CaptionForm, CaptionTextForm, ChannelForm, TvFilterForm, VideoForm
from .links import backlinks
from .models import Caption, Channel, Episode, Playlist, Programme, State, Theme, Video, Visibility, clock
from .storage import SERVED, storage_name

# Videos on a page of the TV home or of a channel; the next ones are a link away ("Older videos").
PAGE_SIZE = 24
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


def video_page(request, videos) -> dict:
    """One keyset page of a list of videos ("apres" names the last one shown) and the cursor of the next, in one
    query: a list of a thousand videos costs what its first page costs."""
    cursor = decode_cursor(request.GET.get("apres"))
    found = list(videos.page_after(cursor, PAGE_SIZE + 1))
    shown = found[:PAGE_SIZE]
    return {
        "videos": shown,
        "cursor": request.GET.get("apres") if cursor else None,
        "next_cursor": encode_position(shown[-1].published_at, shown[-1].pk) if len(found) > PAGE_SIZE else None,
        # A later page is named by the date of its first video: each address has its own title.
        "page_from": shown[0].published_at if cursor and shown else None,
    }


@cache_for_visitors
def home(request):
    """What is new, for the whole territory or one commune (the videos said to show it, and those of the spaces in
    it and below it), of one theme or all, a page at a time."""
    channels = list(Channel.objects.visible_to(request.user).for_list()[:50])
    communes = {}
    for each in channels:
        if each.space.territory.level == Level.COMMUNE:
            communes[each.space.territory.slug] = each.space.territory
    # The communes videos were said to show, beyond those of the channels' spaces.
    shown = Video.objects.visible_to(request.user).listed().exclude(commune=None).values("commune_id")
    for territory in Territory.objects.filter(pk__in=shown[:200]).exclude(slug__in=list(communes))[:200]:
        communes[territory.slug] = territory
    communes = sorted(communes.values(), key=lambda territory: territory.name)
    filters = TvFilterForm(request.GET or None, communes=communes)
    videos = Video.objects.visible_to(request.user).listed().for_list()
    chosen = {}
    if filters.is_valid():
        chosen = filters.cleaned_data
        videos = videos.of_theme(chosen["theme"])
        if chosen["commune"]:
            chosen["commune"] = next(c for c in communes if c.slug == chosen["commune"])
            videos = videos.of_commune(chosen["commune"])
    theme = dict(Theme.choices).get(chosen.get("theme", ""))
    return render(
        request,
        "tv/home.html",
        {
            **video_page(request, videos),
            "channels": channels,
            "filters": filters,
            "filtered": bool(theme or chosen.get("commune")),
            "chosen_commune": chosen.get("commune"),
            "chosen_theme": theme,
        },
    )


@cache_for_visitors
def channel(request, channel_id: int):
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    page = video_page(request, Video.objects.visible_to(request.user).listed().filter(channel=channel).for_list())
    may_publish = can(request.user, "tv.publish", channel)
    may_manage = can(request.user, "tv.manage", channel)
    # The channel's programmes, playlists and the uploads in progress head its first page only.
    first = page["cursor"] is None
    collections = {
        "programmes": list(
            Programme.objects.visible_to(request.user)
            .filter(channel=channel)
            .with_counts(request.user, through="episodes")
            .order_by("title", "pk")[:100]
        )
        if first
        else [],
        "playlists": list(
            Playlist.objects.visible_to(request.user)
            .filter(channel=channel)
            .with_counts(request.user, through="entries")
            .order_by("title", "pk")[:100]
        )
        if first
        else [],
        "may_manage": may_manage,
    }
    # The officers follow the uploads: those still being sent or prepared, and those that failed, with why; a member
    # sending to a channel open to the members follows their own only.
    pending = []
    if may_publish and first:
        unready = Video.objects.filter(channel=channel).exclude(state=State.READY)
        if not may_manage:
            unready = unready.filter(author=request.user)
        pending = list(unready.order_by("-created_at")[:50])
    return render(
        request,
        "tv/channel.html",
        {
            "channel": channel,
            "space": channel.space,
            **page,
            "pending": pending,
            "may_publish": may_publish,
            **collections,
        },
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


@login_required
@require_POST
def channel_members(request, channel_id: int):
    """The officers' switch: the space's members may send videos to the channel, or no longer."""
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    choice = request.POST.get("members_may_publish", "")
    if choice not in ("on", "off"):
        messages.error(request, _("Choose whether the members may send videos."))
        return redirect(channel)
    services.channel_open_to_members(actor=request.user, channel=channel, open_to_members=choice == "on")
    if choice == "on":
        messages.success(request, _("The members of the space may now send videos to this channel."))
    else:
        messages.success(request, _("Only the space's administrators send videos to this channel now."))
    return redirect(channel)


def _publishable(request, channel_id: int) -> Channel:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("space__territory"), pk=channel_id
    )
    if not can(request.user, "tv.publish", channel):
        raise PermissionDenied(
            _("Only the space's administrators, or its members if they allow it, can publish on this channel.")
        )
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
                theme=data["theme"],
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
            "limit_duration": duration_words(channel.second_limit),
            "words": {
                "sending": _("Sent: %(percent)s %%"),
                "lost": _("Connection lost: trying again in a few seconds…"),
                "done": _("Received. The video is being prepared for playing."),
                "failed": _("The upload stopped:"),
            },
        },
    )


def duration_words(seconds: int) -> str:
    """A channel's longest video as said at a counter: "2 heures", "45 minutes", "1 h 30 min", "90 secondes"."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if seconds or not (hours or minutes):
        return ngettext("%(count)s second", "%(count)s seconds", seconds + 60 * minutes + 3600 * hours) % {
            "count": seconds + 60 * minutes + 3600 * hours
        }
    if hours and minutes:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if hours:
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


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
# The policy is set outside the visitors' page cache, so a kept page is answered with it too.
@csp_update(media_src="'self' blob:")
@cache_for_visitors
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
    embeddable = sharing.shareable(video)
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
            "embeddable": embeddable,
            # What previews and a commune's website read of a public video (nothing for any other).
            "open_graph": sharing.open_graph(video) if embeddable else None,
            **_around(request, video),
        },
    )


def _start_time(request, video: Video) -> int:
    """`?t=` in seconds (or 00:12:30), within the video; anything else starts at the beginning."""
    value = request.GET.get("t", "")[:12]
    seconds = int(value) if value.isdigit() else parse_time(value)
    if not seconds or (video.duration is not None and seconds >= video.duration):
        return 0
    return seconds


def _around(request, video: Video) -> dict:
    """Chapters with their links, the start time, what to watch next (in the playlist the viewer came from, or the
    programme's next episode) and the pages that point to this video (a replay's events), all after the rule."""
    chapters = list(video.chapters.all())
    query = {}
    if video.visibility == Visibility.UNLISTED:
        query["cle"] = video.key
    start = _start_time(request, video)
    around = {"chapters": chapters, "start": start, "start_label": clock(start), "next": None, "collection": None}
    playlist_id = request.GET.get("liste", "")
    collection = None
    if playlist_id.isdigit():
        collection = Playlist.objects.visible_to(request.user).filter(pk=int(playlist_id), entries__video=video).first()
    if collection is not None:
        query["liste"] = collection.pk
        sequence = (
            Video.objects.visible_to(request.user).listed().in_playlist(collection).only("pk", "title", "visibility")
        )
    else:
        episode = Episode.objects.filter(video=video).select_related("programme").first()
        if episode is not None and episode.programme.is_visible_to(request.user):
            collection = episode.programme
            sequence = Video.objects.visible_to(request.user).listed().in_programme(collection).only("pk", "title")
    if collection is not None:
        around["collection"] = collection
        around["collection_is_programme"] = isinstance(collection, Programme)
        ids = list(sequence.values_list("pk", flat=True)[:500])
        if video.pk in ids and ids.index(video.pk) + 1 < len(ids):
            following = Video.objects.only("pk", "title", "visibility").get(pk=ids[ids.index(video.pk) + 1])
            suffix = f"?liste={collection.pk}" if isinstance(collection, Playlist) else ""
            around["next"] = {"title": following.title, "url": following.get_absolute_url() + suffix}
    around["seek_query"] = "&".join(f"{name}={value}" for name, value in query.items())
    around["backlinks"] = backlinks(request.user, video)
    return around


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
    captions = list(video.captions.all())
    written = {caption.language for caption in captions}
    return render(
        request,
        "tv/captions.html",
        {
            "video": video,
            "space": video.space,
            "form": form,
            "captions": captions,
            # The languages without captions yet, each a link to write them in the page.
            "missing": [(code, label) for code, label in settings.PARVIS_TV_CAPTION_LANGUAGES if code not in written],
        },
    )


def _caption_language(language: str) -> str:
    if language not in dict(settings.PARVIS_TV_CAPTION_LANGUAGES):
        raise Http404
    return language


@login_required
def caption_editor(request, video_id: int, language: str):
    """The captions of one language in a text area: written for the first time, or corrected."""
    video = _own_upload(request, video_id)
    language = _caption_language(language)
    caption = Caption.objects.filter(video=video, language=language).first()
    if request.method == "POST":
        form = CaptionTextForm(request.POST)
        if form.is_valid():
            try:
                services.caption_edit(
                    actor=request.user, video=video, language=language, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The captions are saved."))
                return redirect("tv:captions", video_id=video.pk)
    else:
        text = ""
        if caption is not None:
            try:
                with caption.file.open("rb") as handle:
                    text = handle.read(vtt.MAX_BYTES).decode("utf-8", errors="replace")
            except FileNotFoundError:
                text = ""
        form = CaptionTextForm(initial={"text": text or "WEBVTT\n\n00:00.000 --> 00:04.000\n"})
    return render(
        request,
        "tv/caption_edit.html",
        {
            "video": video,
            "space": video.space,
            "form": form,
            "caption": caption,
            "language_label": dict(settings.PARVIS_TV_CAPTION_LANGUAGES)[language],
            "language": language,
        },
    )


@login_required
@require_POST
def caption_remove(request, video_id: int, language: str):
    video = _own_upload(request, video_id)
    services.caption_delete(actor=request.user, video=video, language=_caption_language(language))
    messages.success(request, _("The captions are removed."))
    return redirect("tv:captions", video_id=video.pk)


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
    if not SERVED.match(name) and name != "chapters.vtt":
        raise Http404
    video = Video.objects.visible_to(request.user).filter(key=key).first()
    if video is None:
        raise Http404
    content_type = CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
    if name == "chapters.vtt":
        text = as_webvtt(list(video.chapters.all()), duration=video.duration)
        return HttpResponse(text.encode("utf-8"), content_type=content_type)
    if name.startswith("captions/"):
        caption = Caption.objects.filter(
            video=video, language=name.removeprefix("captions/").removesuffix(".vtt")
        ).first()
        if caption is None:
            raise Http404
        return serve(request, caption.file, content_type=content_type)
    stored = SimpleNamespace(storage=private_storage(), name=storage_name(video, name))
    if name.endswith(".m3u8"):
        return _playlist(stored, content_type)
    return serve(request, stored, content_type=content_type)


# A rendition's playlist names one 4-second segment a line: 3 MB is a video of days.
PLAYLIST_LIMIT = 3_000_000


def _playlist(stored, content_type: str) -> HttpResponse:
    """Playlists always come from the site, whatever the storage: the player resolves the renditions and segments
    they name against the playlist's own address, so a playlist sent by a redirect to object storage would have them
    asked of the bucket, unsigned, and refused. From the site, each is asked here again, behind the rule."""
    try:
        with stored.storage.open(stored.name, "rb") as handle:
            text = handle.read(PLAYLIST_LIMIT)
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(text, content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Cookie"
    response["X-Content-Type-Options"] = "nosniff"
    return response
