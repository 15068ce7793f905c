from django.db import migrations


def referral_notes_to_staff(apps, schema_editor):
    """A deputy's referral note was written to the public "referred" step and so showed on the
    citizen's tracking page; it is for the department: move it to an internal note."""
    CaseEvent = apps.get_model("cases", "CaseEvent")
    moved = []
    for event in CaseEvent.objects.filter(step="referred").exclude(text="").iterator():
        moved.append(
            CaseEvent(
                case_id=event.case_id,
                actor_id=event.actor_id,
                actor_label=event.actor_label,
                step="note",
                public=False,
                text=event.text,
                at=event.at,
                data={},
            )
        )
    CaseEvent.objects.bulk_create(moved, batch_size=1000)
    CaseEvent.objects.filter(step="referred").exclude(text="").update(text="")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_outcome_follows_result")]

    operations = [migrations.RunPython(referral_notes_to_staff, migrations.RunPython.noop)]
