"""One Delivery per (case, crime reference number), its body stored at queueing so every
retry sends the same bytes. Existing rows take their case's crime reference; their body is
built on their next send (reports.services.handover)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_crime_references(apps, schema_editor):
    delivery = apps.get_model("reports", "Delivery")
    case = apps.get_model("casework", "Case")
    delivery.objects.update(
        crime_reference=Subquery(
            case.objects.filter(pk=OuterRef("case_id")).values("crime_reference")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_access_log_outlives_case"),
        ("reports", "0002_draft_purge_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="The JSON sent, exactly (reports.records_wire), fixed at queueing.",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="crime_reference",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to="casework.case",
            ),
        ),
        migrations.RunPython(fill_crime_references, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("case", "crime_reference"), name="one_delivery_per_crime_reference"
            ),
        ),
    ]
