"""The register's lines for posts, comments, photos and reactions (see `core/personal_data.py`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, Entry, NotPersonal, Retention

from .models import Attachment, Comment, LinkPreview, Post, PostRevision, Reaction

READERS = _("the people who may read the space where it is published (everyone, for a public space)")


def register() -> None:
    personal_data.register(
        key="posts",
        heading=_("Posts and comments"),
        entries=[
            Entry(
                Post,
                (
                    "author",
                    "as_organisation",
                    "space",
                    "body",
                    "body_html",
                    "link_preview",
                    "shared_post",
                    "video",
                    "mentioned_users",
                    "mentioned_spaces",
                    "status",
                    "created_at",
                    "edited_at",
                ),
                data=_(
                    "your posts: text, links, the video they carry, the people and spaces you mention, where and when "
                    "you published them"
                ),
                purpose=_("publishing what you write to the people of the space"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=READERS,
            ),
            Entry(
                PostRevision,
                ("post", "body", "created_at"),
                data=_("the earlier texts of a post you edited"),
                purpose=_("showing that a post changed, and letting moderators see what was said"),
                basis=SERVICE,
                retention=Retention(
                    default=timedelta(days=365), setting="PARVIS_RETENTION_EDIT_HISTORY_DAYS", rule="edit_histories"
                ),
                seen_by=_("the space's moderators and the operator's"),
            ),
            Entry(
                Attachment,
                ("post", "image", "image_small", "image_medium", "alt_text"),
                data=_("the photos of your posts and their descriptions (re-encoded: no location, no camera data)"),
                purpose=_("publishing your photos"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=READERS,
            ),
            Entry(
                Comment,
                (
                    "post",
                    "author",
                    "parent",
                    "body",
                    "body_html",
                    "mentioned_users",
                    "status",
                    "created_at",
                    "edited_at",
                ),
                data=_("your comments"),
                purpose=_("answering a post"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=READERS,
            ),
            Entry(
                Reaction,
                ("post", "user", "kind", "created_at"),
                data=_("your reactions to posts"),
                purpose=_("counting reactions on a post"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you; the post's readers see the counts"),
            ),
        ],
        not_personal=[
            NotPersonal(Post, ("comment_count", "reaction_count"), "counters"),
            NotPersonal(Attachment, ("kind", "position", "width", "height"), "the layout of a photo"),
            NotPersonal(
                LinkPreview,
                ("url", "url_hash", "state", "title", "description", "site_name", "image_url", "error", "fetched_at"),
                "what a public web page says of itself, shared by every post that links to it",
            ),
        ],
    )
