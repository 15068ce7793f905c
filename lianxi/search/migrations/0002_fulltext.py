"""The full-text index beside `search_document`, one kind per database (architecture.md):
SQLite FTS5 over the space-joined tokens (external content, kept in step by triggers);
PostgreSQL a generated tsvector ('simple' configuration) with a GIN index."""

from typing import Any

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    " title_tokens, body_tokens, content='search_document', content_rowid='id',"
    " tokenize='unicode61')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN"
    " INSERT INTO search_fts(rowid, title_tokens, body_tokens)"
    " VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)"
    " VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE OF title_tokens, body_tokens"
    " ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)"
    " VALUES ('delete', old.id, old.title_tokens, old.body_tokens);"
    " INSERT INTO search_fts(rowid, title_tokens, body_tokens)"
    " VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_tokens), 'A')"
    " || to_tsvector('simple', body_tokens)) STORED",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def forwards(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def backwards(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
