"""Index keys (lianxi/search/keys.py): a column, filled for the documents already there, and on
PostgreSQL part of the generated tsvector, so the GIN index narrows by month and visibility."""

import importlib
from typing import Any

from django.db import migrations, models

AT = "search_document.at"
PG_MONTH = f"((extract(year from {AT} at time zone 'UTC') * 12"
PG_MONTH += f" + extract(month from {AT} at time zone 'UTC') - 1)::int)"
SQLITE_MONTH = (
    f"(CAST(strftime('%Y', {AT}) AS INTEGER) * 12 + CAST(strftime('%m', {AT}) AS INTEGER) - 1)"
)

POSTGRES_UP = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_tokens), 'A')"
    " || to_tsvector('simple', body_tokens)"
    " || array_to_tsvector(string_to_array(keys, ' '))) STORED",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_tokens), 'A')"
    " || to_tsvector('simple', body_tokens)) STORED",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
]


def _fill(month: str) -> list[str]:
    case_keys = (
        "(CASE WHEN c.is_published AND c.status = 'closed' AND c.consent_to_publish"
        " THEN ' ~pub' ELSE '' END)"
        " || coalesce(' ~d' || c.deputy_id, '') || coalesce(' ~s' || c.station_id, '')"
    )
    return [
        f"UPDATE search_document SET keys = '~m' || {month} || ' ~q' || ({month} / 3)"
        f" || ' ~y' || ({month} / 12)",
        f"UPDATE search_document SET keys = keys || coalesce((SELECT {case_keys} FROM cases_case c"
        " WHERE c.id = search_document.object_id), '') WHERE kind = 'case'",
    ]


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        statements = _fill(PG_MONTH) + POSTGRES_UP
    else:
        # Adding a column remakes the table on SQLite, which drops its triggers: the full-text
        # index's are made again, and the index rebuilt.
        fulltext = importlib.import_module("lianxi.search.migrations.0002_fulltext")
        triggers = [s for s in fulltext.SQLITE_UP if s.startswith("CREATE TRIGGER")]
        statements = _fill(SQLITE_MONTH) + fulltext.SQLITE_DOWN[:3] + triggers
        statements.append("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
        ("cases", "0003_attachments_templates_clients"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="keys",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="index keys"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
