"""The register's lines for a group's toolbox (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, WHILE_CONTENT, Entry, NotPersonal

from .models import FileVersion, GroupFile, Pin, SavedPost


def register() -> None:
    personal_data.register(
        key="toolbox",
        heading=_("Group files, pins and saved posts"),
        entries=[
            Entry(
                GroupFile,
                ("space", "author", "title", "created_at"),
                data=_("the files you share in a group"),
                purpose=_("sharing documents with a group"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the group"),
            ),
            Entry(
                FileVersion,
                ("file", "document", "original_name", "uploaded_by", "created_at"),
                data=_("the versions of a file you send, and their names"),
                purpose=_("sharing documents with a group"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the group"),
            ),
            Entry(
                Pin,
                ("space", "post", "pinned_by", "created_at"),
                data=_("the posts you pin in a group you administer"),
                purpose=_("showing the group's important posts first"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the group (not who pinned)"),
            ),
            Entry(
                SavedPost,
                ("user", "post", "created_at"),
                data=_("the posts you save for later"),
                purpose=_("your list of saved posts"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
        ],
        not_personal=[
            NotPersonal(GroupFile, ("status", "version_count", "updated_at"), "a file's state"),
            NotPersonal(FileVersion, ("number", "content_type", "extension", "size"), "a version's format and size"),
        ],
    )
