"""Beat runs the outbox sweep every 10 seconds (a django-celery-beat row operators can change)."""

from django.db import migrations

SWEEP = "engage: sweep the outbox"


def forward(apps, schema_editor):
    interval, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
        every=10, period="seconds")
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name=SWEEP, defaults={"task": "engage.sweep_outbox", "interval": interval})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [("engage", "0003_outbox"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
