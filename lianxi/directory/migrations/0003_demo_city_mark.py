from django.db import migrations, models


def mark_existing_demo(apps, schema_editor):
    """A demo city generated before the mark existed left its audit event: mark it."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    DemoCity = apps.get_model("directory", "DemoCity")
    event = AuditEvent.objects.filter(action="demo.generate_city").order_by("pk").first()
    if event is not None and not DemoCity.objects.exists():
        data = event.data or {}
        DemoCity.objects.create(seed=int(data.get("seed", 1)), size=str(data.get("size", "small")))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_default_taxonomy"),
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="DemoCity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seed", models.IntegerField(verbose_name="seed")),
                ("size", models.CharField(max_length=10, verbose_name="size")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={
                "verbose_name": "demo city mark",
                "verbose_name_plural": "demo city marks",
            },
        ),
        migrations.RunPython(mark_existing_demo, migrations.RunPython.noop),
    ]
