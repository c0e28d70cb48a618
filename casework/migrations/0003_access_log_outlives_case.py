"""The access log outlives the case it is about (DPA 2018 s.62): the case's reference is kept
on each row, and the link is cut (SET_NULL) rather than the row deleted at purge."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_references(apps, schema_editor):
    access = apps.get_model("casework", "CaseAccess")
    case = apps.get_model("casework", "Case")
    access.objects.filter(case_reference="").update(
        case_reference=Subquery(case.objects.filter(pk=OuterRef("case_id")).values("reference")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_purge_schedule")]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="case_reference",
            field=models.CharField(blank=True, db_index=True, max_length=13),
        ),
        migrations.AlterField(
            model_name="caseaccess",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="accesses",
                to="casework.case",
            ),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop),
    ]
