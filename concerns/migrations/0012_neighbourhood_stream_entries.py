"""Neighbourhood streams have rows of their own now (engage.NeighbourhoodEvent). Their past is
the public published and status events, copied with their ConcernEvent ids, and new entries
start after the newest ConcernEvent: a page rendered before this change resumes from a
ConcernEvent id, which still means the same place in the stream."""

from django.db import migrations
from django.db.models import Max

NEIGHBOURHOOD_KINDS = ("concern.published", "concern.status")  # concerns.live, at this time
BATCH = 2000


def copy_the_stream(apps, schema_editor):
    ConcernEvent = apps.get_model("concerns", "ConcernEvent")
    NeighbourhoodEvent = apps.get_model("engage", "NeighbourhoodEvent")
    events = (
        ConcernEvent.objects.filter(is_public=True, kind__in=NEIGHBOURHOOD_KINDS)
        .order_by("pk")
        .values_list("pk", "kind", "concern__neighbourhood_id")
    )
    batch = []
    for pk, kind, place in events.iterator(chunk_size=BATCH):
        batch.append(NeighbourhoodEvent(pk=pk, neighbourhood_id=place, kind=kind, source_id=pk))
        if len(batch) == BATCH:
            NeighbourhoodEvent.objects.bulk_create(batch)
            batch = []
    NeighbourhoodEvent.objects.bulk_create(batch)
    newest = ConcernEvent.objects.aggregate(newest=Max("pk"))["newest"]
    if newest:
        _start_after(schema_editor.connection, NeighbourhoodEvent._meta.db_table, newest)


def _start_after(connection, table, newest):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, newest])
        elif connection.vendor == "sqlite":
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [newest, table]
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, newest]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0011_notification_claimed_at"),
        ("engage", "0005_neighbourhood_event"),
    ]

    operations = [migrations.RunPython(copy_the_stream, migrations.RunPython.noop)]
