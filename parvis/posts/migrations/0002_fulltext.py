"""Full-text search on post bodies.

PostgreSQL: a French configuration that also folds accents (unaccent + french_stem), and a GIN index on the very
expression the search queries use. SQLite: an FTS5 table (unicode61, diacritics removed) kept in step by triggers.
"""

from django.db import migrations

PG_CONFIG = """
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'unaccent unavailable: French search will not fold accents';
    END;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END IF;
END
$$;
"""
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS posts_post_body_fts ON posts_post "
    "USING gin (to_tsvector('french_unaccent'::regconfig, COALESCE(body, '')))"
)
SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS posts_post_fts USING fts5("
    "body, content='posts_post', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS posts_post_fts_insert AFTER INSERT ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS posts_post_fts_delete AFTER DELETE ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(posts_post_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS posts_post_fts_update AFTER UPDATE OF body ON posts_post BEGIN "
    "INSERT INTO posts_post_fts(posts_post_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO posts_post_fts(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO posts_post_fts(posts_post_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS posts_post_fts_insert",
    "DROP TRIGGER IF EXISTS posts_post_fts_delete",
    "DROP TRIGGER IF EXISTS posts_post_fts_update",
    "DROP TABLE IF EXISTS posts_post_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CONFIG)
        schema_editor.execute(PG_INDEX)
    elif vendor == "sqlite":
        for statement in SQLITE_SETUP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS posts_post_body_fts")
    elif vendor == "sqlite":
        for statement in SQLITE_TEARDOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
