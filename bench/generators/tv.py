"""The web TV over two years (parvis.tv): a channel for the département and for each of the largest communes'
official spaces, videos already transcoded (the rows as transcoding leaves them: ready, two renditions, a poster
name; the bench loads pages, not files), a council session's chapters on every tenth video. The largest commune's
newest video is the player page the bench loads, beside the TV home and its channel."""

from datetime import timedelta

from django.utils import timezone

from bench.targets import SESSION, target
from parvis.spaces.models import Membership, Space
from parvis.territories.models import Level
from parvis.tv.models import Channel, Chapter, State, Theme, Video, Visibility

PRODUCES = ("tv_videos",)
CHUNK = 5_000
TWO_YEARS = 2 * 365 * 86_400
COMMUNES = 30
TITLES = (
    "Conseil municipal du {day}",
    "Les travaux de la semaine",
    "Portrait d'une association",
    "Le marché de Noël en images",
    "Tutoriel : faire sa demande en ligne",
    "Patrimoine : l'histoire de la place",
)
CHAPTERS = (("Ouverture de la séance", ""), ("Budget", "Point 1"), ("Travaux", "Point 2"), ("Questions", "Point 3"))


def _channels(opened) -> list[Channel]:
    officials = [
        space
        for space in Space.objects.filter(is_official=True).select_related("territory")
        if space.territory.level in (Level.COMMUNE, Level.DEPARTEMENT)
    ]
    officials.sort(key=lambda space: (space.territory.level != Level.DEPARTEMENT, -(space.territory.population or 0)))
    channels = []
    for space in officials[: COMMUNES + 1]:
        manager = Membership.objects.filter(space=space).order_by("pk").values_list("user_id", flat=True).first()
        if manager is None:
            continue
        channels.append(Channel(space=space, name=f"{space.name} TV", created_by_id=manager, created_at=opened))
    return channels


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    with ctx.own_dates(Channel, Video):
        channels = ctx.bulk(Channel, _channels(now - timedelta(seconds=TWO_YEARS)))
        if not channels:
            return
        # The largest commune's channel gets a fifth of the videos: its page is the one the bench loads.
        weights = [len(channels) // 5 or 1 if index == 1 else 1 for index in range(len(channels))]
        total = ctx.sizes["tv_videos"]
        for start in range(0, total, CHUNK):
            count = min(CHUNK, total - start)
            videos = []
            for _ in range(count):
                channel = rng.choices(channels, weights=weights)[0]
                published = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                title = rng.choice(TITLES).format(day=published.strftime("%d/%m/%Y"))
                videos.append(
                    Video(
                        channel=channel,
                        space_id=channel.space_id,
                        author_id=channel.created_by_id,
                        title=title,
                        description="Une vidéo de la web TV du territoire.",
                        visibility=Visibility.PUBLIC,
                        theme=rng.choice(Theme.values),
                        state=State.READY,
                        progress=100,
                        duration=float(rng.randint(60, 7_200)),
                        width=1280,
                        height=720,
                        renditions=[360, 720],
                        poster="tv/bench/poster.jpg",
                        thumbnail="tv/bench/thumbnail.jpg",
                        created_at=published,
                        published_at=published,
                    )
                )
            made = ctx.bulk(Video, videos)
            ctx.bulk(
                Chapter,
                [
                    Chapter(video=video, start=position * 600, title=title, point=point)
                    for video in made[::10]
                    for position, (title, point) in enumerate(CHAPTERS)
                    if position * 600 < video.duration
                ],
            )
            ctx.produced("tv_videos", len(made))


def targets(inhabitant) -> list[dict]:
    """The TV home, the largest commune's channel and its newest video's player page."""
    channel = Channel.objects.filter(space__territory__level=Level.COMMUNE).order_by("pk").first()
    if channel is None:
        return []
    video = Video.objects.filter(channel=channel, state=State.READY).order_by("-published_at", "-pk").first()
    found = [target("tv home", "/tv/"), target("tv channel", channel.get_absolute_url())]
    if video is not None:
        found += [target("tv video", video.get_absolute_url()), target("tv video", video.get_absolute_url(), SESSION)]
    return found
