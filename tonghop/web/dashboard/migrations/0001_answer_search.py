"""The full-text index of the answers: GIN on PostgreSQL, FTS5 on SQLite (fts.py)."""

from django.db import migrations

from tonghop.web.dashboard import fts


def forwards(apps, schema_editor):
    fts.create(schema_editor.connection)


def backwards(apps, schema_editor):
    fts.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
