from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parvis.core.media import serve
from parvis.core.ratelimit import RateLimited

from . import services
from .erase import spaces_to_hand_over
from .forms import AccountDeleteForm, KeepChoice
from .models import DataExport, ExportStatus


@login_required
def data(request):
    """ "My data": ask for a download of everything, see where it stands, and the way to delete the account."""
    if request.method == "POST":
        try:
            services.export_request(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your download is being prepared: you will receive an e-mail when it is ready.")
            )
        return redirect("rights:data")
    export = DataExport.objects.current_for(request.user)
    link = services.export_link(export) if export is not None and export.status == ExportStatus.READY else ""
    return render(
        request, "rights/data.html", {"export": export, "link": link, "export_days": settings.PARVIS_EXPORT_DAYS}
    )


@login_required
@require_GET  # not HEAD: opening the link spends it
def export_download(request, link: str):
    try:
        export = services.export_take(user=request.user, link=link)
    except ValidationError as error:
        return render(request, "rights/link_refused.html", {"message": " ".join(error.messages)}, status=410)
    storage, name = export.file.storage, export.file.name
    if settings.PARVIS_SENDFILE or not _local(storage, name):
        # The web server (or S3, by a signed address) sends the bytes after this answer: the file goes with the next
        # `retention` run, an hour after the download.
        response = serve(request, export.file)
        response["Content-Disposition"] = 'attachment; filename="mes-donnees.zip"'
        return response
    # Django sends the bytes itself: the file goes as soon as they are sent.
    return FileResponse(
        _DeletedOnceRead(storage.open(name, "rb"), storage, name),
        as_attachment=True,
        filename="mes-donnees.zip",
        content_type="application/zip",
    )


def _local(storage, name: str) -> bool:
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True


class _DeletedOnceRead(File):
    """The zip of a download, removed from the storage when the answer that sends it is closed."""

    def __init__(self, file, storage, name: str):
        super().__init__(file, name)
        self._storage, self._stored_name = storage, name

    def close(self):
        super().close()
        self._storage.delete(self._stored_name)


@login_required
def account_delete(request):
    user = request.user
    second_factor = services.has_second_factor(user)
    form = AccountDeleteForm(request.POST or None, second_factor=second_factor)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(
                user=user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data.get("code", ""),
                keep_contributions=form.cleaned_data["contributions"] == KeepChoice.KEEP,
            )
        except RateLimited as error:
            form.add_error(None, error.messages)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for having taken part."))
            return redirect("home")
    return render(
        request,
        "rights/account_delete.html",
        {
            "form": form,
            "second_factor": second_factor,
            "has_password": user.has_usable_password(),
            "to_hand_over": spaces_to_hand_over(user),
        },
    )
