"""Beat schedules (django-celery-beat rows, editable in the admin): the renewal reminders each
morning (after the nightly jobs, before the working day) and the nightly purge of unsubmitted
application drafts past their expiry."""

from django.db import migrations

REMINDERS = "permits: send renewal reminders"
PURGE = "permits: purge expired application drafts"


def forward(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = crontab_model.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    nightly, _ = crontab_model.objects.get_or_create(
        minute="25", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    task_model.objects.get_or_create(name=REMINDERS, defaults={
        "task": "permits.send_renewal_reminders", "crontab": morning})
    task_model.objects.get_or_create(name=PURGE, defaults={
        "task": "permits.purge_expired_drafts", "crontab": nightly})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[REMINDERS, PURGE]).delete()


class Migration(migrations.Migration):
    dependencies = [("permits", "0002_four_real_types"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forward, backward)]
