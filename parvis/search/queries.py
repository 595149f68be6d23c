"""Search across posts, spaces, people and organisations, always inside what the person may see."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL

from parvis.accounts.models import User
from parvis.posts.models import Post
from parvis.spaces.models import Space
from parvis.territories.models import search_key

MAX_QUERY = 200


class Fold(Func):
    """Lower case without accents, in the database: unaccent on PostgreSQL, a registered function on SQLite."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="PARVIS_FOLD", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="parvis_fold", **extra)


def _words(text: str) -> list[str]:
    return [word for word in search_key(text[:MAX_QUERY]).split() if len(word) >= 2][:8]


def search_posts(user, text: str):
    words = _words(text)
    posts = Post.objects.visible_to(user)
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        vector = SearchVector("body", config="french_unaccent")
        query = SearchQuery(" ".join(words), config="french_unaccent", search_type="plain")
        # Filter with @@ (which uses the GIN index on this very expression); ts_rank alone is never exactly zero.
        return (
            posts.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "-created_at")
        )
    # SQLite FTS5: every word as a prefix ("reunion*" finds "réunions"); quotes keep words literal.
    match = " ".join(f'"{re.sub(r"[^0-9a-z]", "", word)}"*' for word in words if re.sub(r"[^0-9a-z]", "", word))
    if not match:
        return posts.none()
    return posts.filter(
        id__in=RawSQL("SELECT rowid FROM posts_post_fts WHERE posts_post_fts MATCH %s", [match])
    ).order_by("-created_at")


def _all_words_in(queryset, field: str, words: list[str]):
    queryset = queryset.annotate(folded=Fold(F(field)))
    for word in words:
        queryset = queryset.filter(folded__contains=word)
    return queryset


def search_spaces(user, text: str, *, organisations: bool | None = None):
    words = _words(text)
    if not words:
        return Space.objects.none()
    spaces = Space.objects.listed_for(user).select_related("territory")
    if organisations is True:
        spaces = spaces.exclude(organisation_kind="")
    elif organisations is False:
        spaces = spaces.filter(organisation_kind="")
    return _all_words_in(spaces, "name", words).order_by("-is_official", "name")


def search_people(user, text: str):
    words = _words(text)
    if not words or not user.is_authenticated:
        return User.objects.none()  # people are found by signed-in members only
    people = User.objects.profile_visible_to(user).select_related("home_commune")
    return _all_words_in(people, "display_name", words).order_by("display_name")
