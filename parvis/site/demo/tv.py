"""The web TV of the demo: the département's channel (its agent publishes a short council replay) and an
association's (the Jardins partagés de Voisinlieu), each with a short generated clip and French captions. The clips
are made by ffmpeg from the wheel and go through the same services as an upload: checked, then transcoded by the
task pipeline (inline or by the worker, as the instance runs its tasks)."""

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.tv import ffmpeg
from parvis.tv.services import caption_set, channel_create, video_receive, video_start

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
}


def _publish(*, author, channel, title: str, description: str, seconds: int, captions: str):
    with tempfile.TemporaryDirectory() as folder:
        data = ffmpeg.test_pattern(Path(folder) / "clip.mp4", seconds=seconds, size="640x360").read_bytes()
    video = video_start(
        author=author, channel=channel, title=title, description=description, visibility="public", size=len(data)
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
    _publish(
        author=people["agent"],
        channel=oise,
        title="Conseil départemental : le plan vélo des collèges",
        description="Extrait de la séance publique : présentation et vote du plan vélo des collèges de l'Oise.",
        seconds=8,
        captions=CAPTIONS["oise"],
    )
    jardins = channel_create(
        actor=people["nadia"], space=spaces["jardins"], name="La télé des Jardins", description="La vie des parcelles."
    )
    _publish(
        author=people["nadia"],
        channel=jardins,
        title="Le nouveau composteur",
        description="Samedi matin, on installe le composteur collectif : venez avec vos épluchures !",
        seconds=6,
        captions=CAPTIONS["jardins"],
    )
