"""Beat schedules for the feed dispatcher (every minute) and the daily full refresh, as
django-celery-beat rows so operators can change them in the admin."""

from django.db import migrations

DISPATCH = "social: sync due X team feeds"
REFRESH = "social: full refresh of X team feeds"


def forward(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = interval_model.objects.get_or_create(every=1, period="minutes")
    small_hours, _ = crontab_model.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    task_model.objects.get_or_create(name=DISPATCH, defaults={
        "task": "social.dispatch_feed_syncs", "interval": every_minute})
    task_model.objects.get_or_create(name=REFRESH, defaults={
        "task": "social.refresh_all_feeds", "crontab": small_hours})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[DISPATCH, REFRESH]).delete()


class Migration(migrations.Migration):
    dependencies = [("social", "0001_initial"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
