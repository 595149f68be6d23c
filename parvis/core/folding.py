"""Text folded for matching (lower case, no accents, hyphens as spaces), the same in Python and in the database:
commune names, search words, the directory's filter. The database side is `Fold`; on SQLite it calls the function
registered by `register_sqlite_fold` (connected in `CoreConfig.ready`)."""

import unicodedata

from django.db.models import F, Func, TextField

MAX_QUERY = 200


def search_key(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Léger" and "st leger" meet halfway."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for char in "-'’.,":
        folded = folded.replace(char, " ")
    words = folded.split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


class Fold(Func):
    """Lower case without accents, in the database: unaccent on PostgreSQL, a registered function on SQLite."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="PARVIS_FOLD", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="parvis_fold", **extra)


def words(text: str) -> list[str]:
    """The words of a search box worth matching: folded, two letters or more, eight at most."""
    return [word for word in search_key(text[:MAX_QUERY]).split() if len(word) >= 2][:8]


def all_words_in(queryset, field: str, words: list[str]):
    queryset = queryset.annotate(folded=Fold(F(field)))
    for word in words:
        queryset = queryset.filter(folded__contains=word)
    return queryset


def register_sqlite_fold(sender, connection, **kwargs):
    # SQLite has no accent folding of its own: give it the same folding as in Python ("é" → "e").
    if connection.vendor == "sqlite":
        connection.connection.create_function("parvis_fold", 1, lambda v: search_key(v or ""), deterministic=True)
