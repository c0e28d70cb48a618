"""Beat schedule (a django-celery-beat row, editable in the admin): the nightly purge of
unsubmitted report drafts past their expiry."""

from django.db import migrations

PURGE = "reports: purge expired report drafts"


def forward(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = crontab_model.objects.get_or_create(
        minute="20", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    task_model.objects.get_or_create(name=PURGE, defaults={
        "task": "reports.purge_expired_drafts", "crontab": nightly})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=PURGE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
