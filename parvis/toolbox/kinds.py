"""A group's files in the registry of content kinds (`parvis.core.kinds`), registered in `ToolboxConfig.ready`:
moderation reports, hides, removes and restores them, search finds them by their title. None of those apps names
the toolbox."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import FileStatus, GroupFile

file_moderate, file_restore = kinds.status_moderation(
    GroupFile, hidden=FileStatus.HIDDEN, removed=FileStatus.REMOVED, published=FileStatus.PUBLISHED
)


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="group_file",
            label=_("group file"),
            model=GroupFile,
            url_word="fichier",
            visible_to=lambda user: GroupFile.objects.visible_to(user).select_related("space", "author"),
            space=lambda group_file: group_file.space,
            author=lambda group_file: group_file.author,
            text=lambda group_file: (
                group_file.title,
                "\n".join(version.original_name for version in group_file.versions.all()),
            ),
            moderate=file_moderate,
            restore=file_restore,
            related=("space", "author"),
            search=kinds.SearchDocument(title="title", date="updated_at", space="space", heading=_("Group files")),
        )
    )
