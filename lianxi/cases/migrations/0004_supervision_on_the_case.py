"""Supervision moves from the lead referral to the case: the deputy's own deadline, the last
reminder day and the escalation (督办) now belong to the case (lianxi/cases/deadlines.py)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def escalation_to_case(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Referral = apps.get_model("cases", "Referral")
    first = (
        Referral.objects.filter(case=OuterRef("pk"), escalated_at__isnull=False)
        .order_by("escalated_at")
        .values("escalated_at")[:1]
    )
    escalated = Referral.objects.filter(escalated_at__isnull=False).values("case_id")
    Case.objects.filter(pk__in=escalated).update(escalated_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_attachments_templates_clients"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="deputy_due",
            field=models.DateField(blank=True, null=True, verbose_name="deputy's answer due"),
        ),
        migrations.AddField(
            model_name="case",
            name="escalated_at",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="escalated at"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="reminded_on",
            field=models.DateField(blank=True, null=True, verbose_name="last reminded on"),
        ),
        migrations.RunPython(escalation_to_case, migrations.RunPython.noop),
        migrations.RemoveField(model_name="referral", name="escalated_at"),
        migrations.RemoveField(model_name="referral", name="last_reminded_on"),
    ]
