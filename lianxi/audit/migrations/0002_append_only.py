"""Make the audit table append-only in the database itself, not only in the model.

Updates are always refused. Deletes are refused unless a row sits in `audit_maintenance`,
a table outside Django's models: the retention job opens it for purging events past the
retention period, and the test harness opens it so SQLite test databases can be flushed.
"""

from django.db import migrations

SQLITE = [
    "CREATE TABLE audit_maintenance (reason TEXT NOT NULL)",
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditevent "
    "WHEN NOT EXISTS (SELECT 1 FROM audit_maintenance) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER audit_no_update;",
    "DROP TRIGGER audit_no_delete;",
    "DROP TABLE audit_maintenance;",
]

POSTGRES = [
    "CREATE TABLE audit_maintenance (reason TEXT NOT NULL)",
    """CREATE FUNCTION audit_append_only() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_maintenance) THEN RETURN OLD; END IF;
      RAISE EXCEPTION 'audit events are append-only';
    END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_no_change ON audit_auditevent;",
    "DROP FUNCTION audit_append_only();",
    "DROP TABLE audit_maintenance;",
]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRES_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
