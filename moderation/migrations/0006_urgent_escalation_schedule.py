"""Beat schedule for the urgent-item escalation sweep (every 30 seconds; editable in the admin)."""

from django.db import migrations

NAME = "moderation: escalate unclaimed urgent items"


def forward(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_30s, _ = interval_model.objects.get_or_create(every=30, period="seconds")
    task_model.objects.get_or_create(name=NAME, defaults={
        "task": "moderation.escalate_urgent", "interval": every_30s})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_learning_and_urgent_escalation"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
