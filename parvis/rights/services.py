"""A person's rights over their data: download it all (`export_request` → task `export_build` → `export_take`),
delete the account (`account_delete`). Rectification is the profile page (accounts)."""

import json
import secrets
import shutil
import tempfile
import zipfile
from datetime import timedelta
from pathlib import PurePosixPath

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.accounts.models import User
from parvis.core.files import atomic_with_files, file_delete_on_commit, file_save
from parvis.core.ratelimit import check_rate

from . import collect
from .erase import account_erase, spaces_to_hand_over
from .models import DataExport, ExportStatus

LINK_SALT = "parvis.rights.export"


# --- download all my data ------------------------------------------------------------------------------------


@transaction.atomic
def export_request(*, user: User) -> DataExport:
    """Ask for a new download; it is prepared in the background and the person is e-mailed when it is ready. One at
    a time: a request while one is being prepared is refused, a ready one not yet downloaded is replaced."""
    check_rate(f"export:{user.pk}", 5, 24 * 3600)
    current = DataExport.objects.select_for_update().filter(user=user, status=ExportStatus.PREPARING).first()
    if current is not None and current.created_at > timezone.now() - timedelta(hours=1):
        raise ValidationError(
            _("Your download is already being prepared: you will receive an e-mail when it is ready.")
        )
    for earlier in DataExport.objects.filter(user=user, status__in=[ExportStatus.READY, ExportStatus.PREPARING]):
        if earlier.file:
            file_delete_on_commit(earlier.file)
        earlier.delete()
    export = DataExport.objects.create(user=user, nonce=secrets.token_hex(16))
    # The task module imports this one (a cycle): the import waits until the function runs.
    from .tasks import export_build_task

    transaction.on_commit(lambda: export_build_task.enqueue(export_id=export.pk))
    return export


def _zip_of(user: User, destination) -> None:
    data = collect.personal_data(user)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for number, (folder, field_file) in enumerate(collect.personal_files(user), start=1):
            name = PurePosixPath(field_file.name).name
            try:
                with (
                    field_file.storage.open(field_file.name, "rb") as source,
                    archive.open(f"fichiers/{folder}/{number}-{name}", "w") as target,
                ):
                    shutil.copyfileobj(source, target)  # a file at a time, never all of them in memory
            except FileNotFoundError:
                continue  # a row whose file was lost: the data says it existed, the zip cannot hold it


def export_build(*, export_id: int) -> str:
    """Prepare the zip (the task's body). Idempotent: an export already built, downloaded or gone is left alone."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.PREPARING:
        return "skipped"
    with tempfile.TemporaryFile() as scratch:
        _zip_of(export.user, scratch)
        scratch.seek(0)
        with atomic_with_files():
            export = DataExport.objects.select_for_update().filter(pk=export_id, status=ExportStatus.PREPARING).first()
            if export is None:
                return "skipped"
            file_save(export.file, f"{secrets.token_hex(16)}.zip", File(scratch))
            now = timezone.now()
            export.status, export.ready_at = ExportStatus.READY, now
            export.expires_at = now + timedelta(days=settings.PARVIS_EXPORT_DAYS)
            export.save(update_fields=["file", "status", "ready_at", "expires_at"])
    from .tasks import export_ready_email  # a cycle, as above

    transaction.on_commit(lambda: export_ready_email.enqueue(export_id=export.pk))
    return "ready"


def export_link(export: DataExport) -> str:
    """The secret part of the download link: signed, naming the export and its nonce."""
    return signing.dumps([export.pk, export.nonce], salt=LINK_SALT, compress=True)


def export_take(*, user: User, link: str) -> DataExport:
    """The export behind a link, for its owner, once: the first download marks it, a second one is refused."""
    refused = ValidationError(_("This download link is not valid any more. Ask for a new download of your data."))
    try:
        export_id, nonce = signing.loads(
            link[:300], salt=LINK_SALT, max_age=timedelta(days=settings.PARVIS_EXPORT_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise refused from error
    now = timezone.now()
    taken = DataExport.objects.filter(
        pk=export_id, user=user, nonce=nonce, status=ExportStatus.READY, expires_at__gt=now
    ).update(status=ExportStatus.DOWNLOADED, downloaded_at=now)
    if not taken:
        raise refused
    return DataExport.objects.get(pk=export_id)


# --- delete my account ---------------------------------------------------------------------------------------


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _confirmed(user: User, *, password: str, code: str) -> bool:
    if password and user.has_usable_password() and user.check_password(password):
        return True
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return bool(code and totp is not None and TOTP(totp).validate_code(code.strip().replace(" ", "")))


def account_delete(*, user: User, password: str = "", code: str = "", keep_contributions: bool) -> None:
    """Delete the person's account, confirmed by their password or, when they have one, a code of their second
    factor. Refused, with nothing changed, while they own a space others belong to."""
    # Five tries a quarter of an hour: the form must not become a way to guess a password of a session left open.
    check_rate(f"account-delete:{user.pk}", 5, 900, always=True)
    if not _confirmed(user, password=password, code=code):
        if has_second_factor(user):
            raise ValidationError({"password": _("Type your password, or a code of your authentication app.")})
        raise ValidationError({"password": _("This is not your password. Nothing was deleted.")})
    spaces = spaces_to_hand_over(user)
    if spaces:
        names = ", ".join(f"“{space.name}”" for space in spaces)
        raise ValidationError(
            ngettext(
                "Hand over the space you own first (%(names)s): its members need an owner. Nothing was deleted.",
                "Hand over the spaces you own first (%(names)s): their members need an owner. Nothing was deleted.",
                len(spaces),
            )
            % {"names": names}
        )
    with atomic_with_files():
        account_erase(user=User.objects.select_for_update().get(pk=user.pk), keep_contributions=keep_contributions)
