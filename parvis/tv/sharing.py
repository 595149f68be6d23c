"""What other sites read of a video: its Open Graph description (the player page's `<meta property="og:…">`, read by
social networks and messaging apps for their preview) and oEmbed (`/tv/oembed?url=…&format=json`, read by a
commune's content management system to embed the player from a pasted link).

Both describe only what may leave the site: a public, listed video of a public space (`Video.objects.public()
.listed()`, the embed page's rule). A members-only video gets no description and a 404. So does an unlisted one: its
link is a secret shared by hand, and an oEmbed answer or a preview is fetched by another site's server and kept
there (title, poster, player), where whoever reads that site sees it; the embed page refuses it too, so an answer
would only hand out a player that does not play. The links in both are absolute, on `PARVIS_BASE_URL`."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.bounds import MAX_ID
from parvis.core.links import absolute_url

from .models import Video

# The embed page's player: the video at 16:9 and a line of text below it (title and channel).
WIDTH, HEIGHT = 640, 400
SMALLEST, LARGEST = 200, 1920


def shareable(video: Video) -> bool:
    return Video.objects.public().listed().filter(pk=video.pk).exists()


def open_graph(video: Video) -> dict:
    """The player page's description for previews, for a video `shareable` (the caller checks)."""
    return {
        "url": absolute_url(video.get_absolute_url()),
        "title": video.title,
        "description": (video.description or video.channel.name)[:300],
        "image": absolute_url(video.poster_url) if video.poster else "",
        "video": absolute_url(video.mp4_url),
        "width": video.width or "",
        "height": video.height or "",
        "oembed": absolute_url(reverse("tv:oembed")) + "?" + urlencode({"url": absolute_url(video.get_absolute_url())}),
    }


def _video_of(url: str) -> Video:
    """The public listed video a link names (its player or its embed page, on this site), or Http404."""
    parts = urlsplit(url.strip())
    site = urlsplit(settings.PARVIS_BASE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != site.netloc.lower():
        raise Http404
    try:
        match = resolve(parts.path)
    except Resolver404 as error:
        raise Http404 from error
    if match.view_name not in ("tv:video", "tv:embed") or match.kwargs["video_id"] > MAX_ID:
        raise Http404
    video = Video.objects.public().listed().select_related("channel").filter(pk=match.kwargs["video_id"]).first()
    if video is None:
        raise Http404
    return video


def _bound(value: str | None, default: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return max(SMALLEST, min(number, LARGEST))


def _not_found() -> JsonResponse:
    return JsonResponse({"detail": _("No public video has this address.")}, status=404)


@require_safe
def oembed(request):
    url = request.GET.get("url", "")
    if not url or len(url) > 2000 or "\x00" in url:
        return JsonResponse({"detail": _("Give the address of a video of this site (url=…).")}, status=400)
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"detail": _("Only the JSON format is offered (format=json).")}, status=501)
    try:
        video = _video_of(url)
    except Http404:
        return _not_found()
    max_width = _bound(request.GET.get("maxwidth"), WIDTH)
    max_height = _bound(request.GET.get("maxheight"), HEIGHT)
    scale = min(1, max_width / WIDTH, max_height / HEIGHT)
    width, height = round(WIDTH * scale), round(HEIGHT * scale)
    player = absolute_url(reverse("tv:embed", kwargs={"video_id": video.pk}))
    answer = {
        "version": "1.0",
        "type": "video",
        "provider_name": settings.PARVIS_SITE_NAME,
        "provider_url": absolute_url("/"),
        "title": video.title,
        "author_name": video.channel.name,
        "author_url": absolute_url(video.channel.get_absolute_url()),
        "width": width,
        "height": height,
        "html": format_html(
            '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;max-width:100%" allowfullscreen>'
            "</iframe>",
            player,
            video.title,
            width,
            height,
        ),
    }
    if video.poster:
        answer |= {
            "thumbnail_url": absolute_url(video.poster_url),
            "thumbnail_width": video.width or WIDTH,
            "thumbnail_height": video.height or round(WIDTH * 9 / 16),
        }
    response = JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # a public description, read by other sites' scripts too
    return response
