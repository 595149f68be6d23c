import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.tv.services import channel_create, video_receive, video_start
from tests.factories import add_member, video_clip

# A caption file in French, as a commune's agent would write it, within the 2-second clip.
CAPTIONS_FR = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.000\nBonjour et bienvenue au conseil municipal.\n\n"
    "1\n00:01.000 --> 00:02.000\n<v Maire>Nous commençons par le budget.\n"
)


@pytest.fixture(scope="session")
def clip20() -> bytes:
    """The 20-second clip of the issue, small (640x360, 10 images a second) so that the tests stay fast."""
    return video_clip(seconds=20, size="640x360", title="Rue des Secrets 12")


@pytest.fixture(scope="session")
def clip2() -> bytes:
    return video_clip(seconds=2, size="192x108")


@pytest.fixture
def officer_space(spaces, inhabitant, neighbour):
    """The public group, owned by the inhabitant (who may open channels and publish); the neighbour is a member."""
    add_member(spaces["public"], neighbour)
    return spaces["public"]


@pytest.fixture
def channel(officer_space, inhabitant):
    return channel_create(actor=inhabitant, space=officer_space, name="Beauvais TV")


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Send a clip in one piece through the services, the transcoding run inline after commit (as with a worker)."""

    def run(*, author, channel, data: bytes, title="Conseil municipal", visibility="public", pieces=1, theme=""):
        with django_capture_on_commit_callbacks(execute=True):
            video = video_start(
                author=author, channel=channel, title=title, visibility=visibility, size=len(data), theme=theme
            )
        step = -(-len(data) // pieces)
        for start in range(0, len(data), step):
            with django_capture_on_commit_callbacks(execute=True):
                video = video_receive(
                    actor=author, video=video, start=start, total=len(data), chunk=data[start : start + step]
                )
        video.refresh_from_db()
        return video

    return run


def vtt_upload(text: str = CAPTIONS_FR, name: str = "fr.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/vtt")
