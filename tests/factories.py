"""Builders the tests of every app share: people, memberships, agenda editors, events, uploaded images, video clips,
tokens.

Each goes through the services a person's own act goes through, so that a test set up with them exercises the rules
(a member joined, was approved or invited, then named to a role by the owner); where no service produces a state,
the builder says why it writes the row itself. Fixtures built on them live in `tests/conftest.py` (used
everywhere) and `tests/<app>/conftest.py` (one app's people and places)."""

import tempfile
from datetime import datetime, timedelta
from functools import cache
from io import BytesIO
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from parvis.accounts.models import User
from parvis.accounts.services import api_token_create, user_handle_assign
from parvis.agenda.models import AgendaEditor
from parvis.agenda.services.events import event_create
from parvis.core.audit import AuditEntry
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Role
from parvis.spaces.services.invitations import membership_invite
from parvis.spaces.services.memberships import membership_approve, membership_set_role, space_join
from parvis.tv import ffmpeg

PASSWORD = "un-mot-de-passe-solide"


def make_user(email: str, *, verified: bool = True, **fields) -> User:
    """A person who signed up and (unless `verified=False`) confirmed their e-mail address."""
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def add_member(space, user, role: str = Role.MEMBER) -> Membership:
    """Make `user` an active member of `space` with `role`, as people do: they join an open space, the owner approves
    their request (on request) or invites them (by invitation: they get a @handle if they had none), then names
    their role. Running it again for a member changes nothing but the role."""
    existing = Membership.objects.filter(space=space, user=user, status=MembershipStatus.ACTIVE).first()
    owner = Membership.objects.filter(space=space, role=Role.OWNER, status=MembershipStatus.ACTIVE).first()
    if owner is None:
        # An official space has no owner: anyone joins it, and the operator names its officers in the Django
        # administration, for which no service exists.
        membership = existing or space_join(space=space, user=user, accept_rules=True)
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        return membership
    membership = existing
    if membership is None:
        if space.join_policy == JoinPolicy.INVITATION:
            membership_invite(actor=owner.user, space=space, handle=user_handle_assign(user=user))
        membership = space_join(
            space=space, user=user, accept_rules=True, answers=["Oui"] * len(space.join_question_list)
        )
        if membership.status == MembershipStatus.REQUESTED:
            membership = membership_approve(actor=owner.user, space=space, membership=membership)
    if role != Role.MEMBER and membership.role != role:
        membership = membership_set_role(actor=owner.user, space=space, membership=membership, role=role)
    return membership


def agenda_editor(territory, user=None, *, email: str = "agent@example.org", display_name: str = "Agent") -> User:
    """An agent who reviews the common agenda of `territory` and below it. The operator names them in the Django
    administration: no service does."""
    user = user or make_user(email, display_name=display_name)
    AgendaEditor.objects.create(territory=territory, user=user)
    return user


def soon(days: int = 3, hours: int = 0) -> datetime:
    """A moment `days` (and `hours`) from now, to the second: forms and iCal keep no microseconds."""
    return timezone.now().replace(microsecond=0) + timedelta(days=days, hours=hours)


def make_event(creator, space, title: str, *, start: datetime | None = None, hours: int = 2, **fields):
    start = start or soon()
    return event_create(
        creator=creator, space=space, title=title, start=start, end=start + timedelta(hours=hours), **fields
    )


def jpeg_bytes(size: tuple[int, int] = (1200, 900), color: tuple[int, int, int] = (20, 120, 200)) -> bytes:
    """A photo as a phone takes it: with the camera's name and the GPS position where it was taken, which must not
    survive the media pipeline."""
    exif = Image.Exif()
    exif[0x010F] = "AppareilPhoto"  # camera maker
    exif[0x8825] = {1: "N", 2: (49.0, 26.0, 0.0)}  # GPS info
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def jpeg(name: str = "photo.jpg", size: tuple[int, int] = (1200, 900), **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(size, **options), content_type="image/jpeg")


def png(name: str = "photo.png", size: tuple[int, int] = (40, 30), color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def bearer(user) -> dict:
    """The request headers of an API call with a new personal access token of `user` (`client.get(url, **…)`)."""
    _token, raw = api_token_create(user=user, name="tests", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api_client(user) -> Client:
    """A client that sends a new personal access token of `user` with every request."""
    _token, raw = api_token_create(user=user, name="tests", scope="write")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def only_entry(verb: str) -> AuditEntry:
    """The one audit entry of `verb`: an act audited twice (or not at all) fails here."""
    entries = list(AuditEntry.objects.filter(verb=verb))
    assert len(entries) == 1, entries
    return entries[0]


@cache
def video_clip(*, seconds: int, size: str, rate: int = 10, title: str = "") -> bytes:
    """A generated test pattern with a tone, in MP4 (its index at the end, as a phone writes it); made once per
    process. `title` plants metadata (a title and a place) that the transcoder must strip."""
    with tempfile.TemporaryDirectory() as folder:
        metadata = {"title": title, "location": title} if title else None
        path = ffmpeg.test_pattern(Path(folder) / "clip.mp4", seconds=seconds, size=size, rate=rate, metadata=metadata)
        return path.read_bytes()
