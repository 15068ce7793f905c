from django.db import migrations


def forwards(apps, schema_editor):
    from lianxi.core.holidays import HOLIDAYS

    CalendarDay = apps.get_model("core", "CalendarDay")
    for day, is_workday, note in HOLIDAYS:
        CalendarDay.objects.update_or_create(
            date=day, defaults={"is_workday": is_workday, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_calendar")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
