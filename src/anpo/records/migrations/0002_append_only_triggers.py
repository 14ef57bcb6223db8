"""Database-level guard: audit events cannot be updated (anywhere) or deleted (PostgreSQL).

SQLite's test-database flush empties tables with DELETE, so the DELETE guard is
PostgreSQL-only (its flush uses TRUNCATE, which row triggers do not see). A deleted
row is detected by ``anpo audit verify`` either way (sequence gap or chain head).
"""

from django.db import migrations


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER records_auditevent_no_update BEFORE UPDATE ON records_auditevent "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION records_auditevent_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER records_auditevent_no_change BEFORE UPDATE OR DELETE ON records_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION records_auditevent_append_only();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_change ON records_auditevent;")
        schema_editor.execute("DROP FUNCTION IF EXISTS records_auditevent_append_only();")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
