"""PostgreSQL: partial GIN indexes over the recent months (lianxi/search/recent.py)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from lianxi.search import recent

    recent.refresh(concurrently=False)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_document' "
            "AND indexname LIKE 'search_since_%%'"
        )
        for (found,) in cursor.fetchall():
            schema_editor.execute(f"DROP INDEX IF EXISTS {found}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_keys")]

    operations = [migrations.RunPython(forwards, backwards)]
