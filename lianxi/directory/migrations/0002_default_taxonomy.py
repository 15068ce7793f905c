"""Load the default category taxonomy (the 15 first-level areas of government message
classification and their second levels). Departments are linked later, by the demo city or by
an administrator, because departments differ from one deployment to the next."""

from django.db import migrations


def load(apps, schema_editor):
    from lianxi.directory.taxonomy import load_taxonomy_into

    load_taxonomy_into(apps.get_model("directory", "Category"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
