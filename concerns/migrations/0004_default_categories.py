"""The force's starting list of categories; staff edit it in the admin afterwards."""

from django.db import migrations

CATEGORIES = [
    ("Anti-social behaviour", "anti-social-behaviour", "Noise, intimidation, nuisance groups"),
    ("Drugs", "drugs", "Dealing, drug use in public, discarded needles"),
    ("Road safety", "road-safety", "Speeding, dangerous driving or parking, e-scooters"),
    ("Burglary", "burglary", "Break-ins to homes, sheds and businesses"),
    ("Vehicle crime", "vehicle-crime", "Thefts of and from vehicles, catalytic converters"),
    ("Theft", "theft", "Phone snatching, shoplifting, bicycle theft"),
    ("Violence", "violence", "Fighting, weapons, threats"),
    ("Hate", "hate", "Hate crime and hate incidents, graffiti"),
    ("Fraud and scams", "fraud", "Doorstep scams, online and phone fraud"),
    ("Other", "other", "Anything else about safety in your neighbourhood"),
]


def forward(apps, schema_editor):
    category = apps.get_model("concerns", "Category")
    for position, (name, slug, description) in enumerate(CATEGORIES):
        category.objects.get_or_create(slug=slug, defaults={
            "name": name, "description": description, "position": position})


class Migration(migrations.Migration):
    dependencies = [("concerns", "0003_email_schedules")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
