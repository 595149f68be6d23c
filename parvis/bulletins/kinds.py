"""The authorities' news in the registry of content kinds (`parvis.core.kinds`), registered in `BulletinsConfig.ready`:
moderation hides and restores a bulletin, notifications tells its segment (the kind's `audience`), search finds the
public ones. None of those apps names bulletins."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Bulletin, Status
from .services import bulletin_audience

# The reason a person is told of a bulletin: they are in its segment.
NEWS_FROM_MY_AUTHORITY = "news_from_my_authority"


bulletin_moderate, bulletin_restore = kinds.status_moderation(
    Bulletin, hidden=Status.HIDDEN, removed=Status.REMOVED, published=Status.PUBLISHED
)


def news_received(user, limit: int) -> list[Bulletin]:
    """The person's dashboard: the news that reached them, newest first."""
    return list(Bulletin.objects.visible_to(user).received_by(user).for_list()[:limit])


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="bulletin",
            label=_("news from the authority"),
            model=Bulletin,
            url_word="actualite",
            visible_to=lambda user: Bulletin.objects.visible_to(user).select_related("space"),
            space=lambda bulletin: bulletin.space,
            author=lambda bulletin: bulletin.author,
            text=lambda bulletin: (bulletin.title, bulletin.text),
            moderate=bulletin_moderate,
            restore=bulletin_restore,
            # A targeted bulletin is read by its segment only: moderators see the reported text, not a link.
            linkable=False,
            related=("space", "author"),
            audience=bulletin_audience,
            verbs={NEWS_FROM_MY_AUTHORITY: _("%(space)s sends you news")},
            extra={"notify_as": {NEWS_FROM_MY_AUTHORITY: "announcement"}},
            search=kinds.SearchDocument(title="title", body="text", date="sent_at", space="space", heading=_("News")),
            dashboard=kinds.DashboardBlock(
                heading=_("News I received"),
                items=news_received,
                template="bulletins/_dashboard_item.html",
                empty=_("No news yet. Choose your themes to hear from your commune and your département."),
            ),
        )
    )
