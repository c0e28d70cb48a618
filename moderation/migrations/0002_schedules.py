"""Beat schedules (django-celery-beat rows, editable in the admin): the hourly reminder about
items past their screening deadline, and the daily purge of redacted originals."""

from django.db import migrations

REMIND = "moderation: remind moderators of overdue items"
PURGE = "moderation: purge redacted originals past retention"


def forward(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = crontab_model.objects.get_or_create(
        minute="5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    nightly, _ = crontab_model.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    task_model.objects.get_or_create(name=REMIND, defaults={
        "task": "moderation.remind_overdue", "crontab": hourly})
    task_model.objects.get_or_create(name=PURGE, defaults={
        "task": "moderation.purge_redacted_originals", "crontab": nightly})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[REMIND, PURGE]).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
