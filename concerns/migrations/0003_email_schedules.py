"""Beat schedules for the email outbox sweep and the daily digest, as django-celery-beat rows
so operators can change them in the admin."""

from django.db import migrations

SWEEP = "concerns: send pending notification emails"
DIGEST = "concerns: send daily digests"


def forward(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = interval_model.objects.get_or_create(every=1, period="minutes")
    seven_am, _ = crontab_model.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    task_model.objects.get_or_create(name=SWEEP, defaults={
        "task": "concerns.send_pending_emails", "interval": every_minute})
    task_model.objects.get_or_create(name=DIGEST, defaults={
        "task": "concerns.send_daily_digests", "crontab": seven_am})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[SWEEP, DIGEST]).delete()


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_search_vector"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
