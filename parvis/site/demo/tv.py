"""The web TV of the demo: the département's channel (its agent publishes a short council replay, an episode of
the programme "Séances du conseil départemental", with its chapters, linked to the session in the agenda) and an
association's (the Jardins partagés de Voisinlieu, with a playlist and the replay of a morning at the garden, linked
to it in the agenda), each with short generated clips and French captions. The clips are made by ffmpeg from the
wheel and go through the same services as an upload: checked, then transcoded by the task pipeline (inline or by the
worker, as the instance runs its tasks)."""

import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.agenda.services.replays import replay_link
from parvis.territories.models import Level, Territory
from parvis.tv import ffmpeg
from parvis.tv.chapters import chapters_set
from parvis.tv.programmes import collection_add_video, playlist_create, programme_create
from parvis.tv.services import caption_set, channel_create, video_edit, video_receive, video_start

CAPTIONS = {
    "oise": (
        "WEBVTT\n\n"
        "00:00.000 --> 00:03.000\nBonjour, la séance du conseil départemental est ouverte.\n\n"
        "00:03.000 --> 00:06.000\nPremier point : le plan vélo des collèges.\n\n"
        "00:06.000 --> 00:08.000\nLe rapport est adopté à l'unanimité.\n"
    ),
    "jardins": (
        "WEBVTT\n\n"
        "00:00.000 --> 00:03.000\nBienvenue aux Jardins partagés de Voisinlieu.\n\n"
        "00:03.000 --> 00:06.000\nCe samedi, nous installons le nouveau composteur.\n"
    ),
    "semis": (
        "WEBVTT\n\n"
        "00:00.000 --> 00:02.000\nLes semis se font dans la serre commune.\n\n"
        "00:02.000 --> 00:04.000\nArrosez peu, mais souvent.\n"
    ),
}


def _publish(*, author, channel, title: str, description: str, seconds: int, captions: str, theme: str = ""):
    with tempfile.TemporaryDirectory() as folder:
        data = ffmpeg.test_pattern(Path(folder) / "clip.mp4", seconds=seconds, size="640x360").read_bytes()
    video = video_start(
        author=author,
        channel=channel,
        title=title,
        description=description,
        visibility="public",
        size=len(data),
        theme=theme,
    )
    video = video_receive(actor=author, video=video, start=0, total=len(data), chunk=data)
    caption_set(actor=author, video=video, language="fr", upload=SimpleUploadedFile("fr.vtt", captions.encode()))
    return video


def tv_create(*, people: dict, spaces: dict) -> None:
    oise = channel_create(
        actor=people["agent"],
        space=spaces["oise"],
        name="Oise TV",
        description="Les séances du conseil départemental et l'actualité des services du Département.",
    )
    replay = _publish(
        author=people["agent"],
        channel=oise,
        title="Conseil départemental : le plan vélo des collèges",
        description="Extrait de la séance publique : présentation et vote du plan vélo des collèges de l'Oise.",
        seconds=8,
        captions=CAPTIONS["oise"],
        theme="conseil",
    )
    # The session sat in Beauvais: the agent says so after sending it, so that the TV's Beauvais page shows the
    # département's replay beside the commune's own videos.
    video_edit(
        actor=people["agent"],
        video=replay,
        title=replay.title,
        description=replay.description,
        theme=replay.theme,
        commune=Territory.objects.get(level=Level.COMMUNE, code="60057"),
    )
    _council_session(agent=people["agent"], oise=spaces["oise"], channel=oise, replay=replay)
    jardins = channel_create(
        actor=people["nadia"], space=spaces["jardins"], name="La télé des Jardins", description="La vie des parcelles."
    )
    compost = _publish(
        author=people["nadia"],
        channel=jardins,
        title="Le nouveau composteur",
        description="Samedi matin, on installe le composteur collectif : venez avec vos épluchures !",
        seconds=6,
        captions=CAPTIONS["jardins"],
        theme="tutoriels",
    )
    seedlings = _publish(
        author=people["nadia"],
        channel=jardins,
        title="Les semis de printemps",
        description="Tomates, courges et capucines : les semis de la serre commune, pas à pas.",
        seconds=4,
        captions=CAPTIONS["semis"],
        theme="tutoriels",
    )
    playlist = playlist_create(
        actor=people["nadia"],
        channel=jardins,
        title="Jardiner au naturel",
        description="Nos gestes de jardinage, du compost aux semis.",
    )
    for video in (compost, seedlings):
        collection_add_video(actor=people["nadia"], collection=playlist, video=video)
    _compost_morning(nadia=people["nadia"], jardins=spaces["jardins"], replay=compost)


def _compost_morning(*, nadia, jardins, replay) -> None:
    """Last Saturday's morning at the garden, in the agenda, with the association's video as its replay: the
    association's channel links to the agenda as the département's does."""
    today = timezone.localdate()
    saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    start = datetime.combine(saturday, time(10, 0), tzinfo=ZoneInfo("Europe/Paris"))
    morning = event_create(
        creator=nadia,
        space=jardins,
        title="Installation du composteur collectif",
        description="On monte ensemble le nouveau composteur des parcelles, puis on apprend à bien l'utiliser.",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        venue_name="Jardins partagés de Voisinlieu",
        address="Chemin de halage, 60000 Beauvais",
        category="nature",
    )
    replay_link(actor=nadia, event=morning, video=replay)


def _council_session(*, agent, oise, channel, replay) -> None:
    """Last Monday's session of the departmental council, in the agenda, with its replay and the replay's chapters
    naming the points of its agenda."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() or 7)
    start = datetime.combine(monday, time(14, 0), tzinfo=ZoneInfo("Europe/Paris"))
    session = event_create(
        creator=agent,
        space=oise,
        title="Séance publique du conseil départemental",
        description="Ordre du jour : 1. Plan vélo des collèges ; 2. Vote du rapport. Séance publique, filmée.",
        start=start,
        end=start + timedelta(hours=3),
        time_zone="Europe/Paris",
        venue_name="Hôtel du Département",
        address="1 rue Cambry, 60000 Beauvais",
        category="citizenship",
    )
    programme = programme_create(
        actor=agent,
        channel=channel,
        title="Séances du conseil départemental",
        description="Chaque séance publique du conseil départemental, en replay et sous-titrée.",
    )
    collection_add_video(actor=agent, collection=programme, video=replay)
    chapters_set(
        actor=agent,
        video=replay,
        text="00:00 Ouverture de la séance\n00:03 Point 1 – Plan vélo des collèges\n00:06 Point 2 – Vote du rapport",
    )
    replay_link(actor=agent, event=session, video=replay)
