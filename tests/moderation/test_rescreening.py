"""The background re-screen (moderation.services.rescreening): what the request's read could
not see is found behind it (a repeat, the end of a long post), and lanes only grow more serious."""

from __future__ import annotations

from concerns.models import Concern
from moderation.models import QueueItem


def test_the_background_screening_catches_a_repeat_and_keeps_the_lane_serious(submit, settings):
    from moderation.services.rescreening import rescreen_item

    settings.SUBMISSIONS_PER_HOUR = 20
    text = "Drivers race down Camden Road every single night and nobody stops them at all."
    submit(title="Racing", body=text)
    repeat = submit(title="Racing again", body=text)
    assert "spam" not in {f["detector"] for f in repeat.concern.screening}

    assert rescreen_item(repeat.pk) == "annotated"

    concern = Concern.objects.get(pk=repeat.concern_id)
    assert "spam" in {f["detector"] for f in concern.screening}
    urgent = submit(title="Knife", body="A man has a knife outside now.")
    assert rescreen_item(urgent.pk) == "annotated"  # already urgent: never made less serious
    assert QueueItem.objects.get(pk=urgent.pk).lane == "urgent"


def test_a_long_post_is_held_and_what_lies_past_the_request_s_read_is_found_behind_it(
    submit, settings
):
    from moderation.screening import IN_REQUEST_CHARS
    from moderation.services.rescreening import rescreen_item

    settings.SUBMISSIONS_PER_HOUR = 20
    calm = " ".join(
        [
            "The bins on our street are left out all week and the foxes get into them.",
            "The streetlight outside number twelve has been flickering since the storm in October.",
            "Cars park across the dropped kerb by the school so buggies have to go into the road.",
            "The market traders leave boxes stacked by the bus stop on Saturday evenings.",
            "Could the team say when the next ward panel meeting is, and where it will be held?",
            "Cyclists ride fast through the park near the playground after dark without lights.",
            "The underpass by the station smells and the lights there have been out for weeks.",
            "Thank you to the officers who came to the residents meeting last month, it helped.",
            "The alley behind the shops is full of fly-tipped mattresses and an old fridge.",
            "Delivery mopeds cut across the pavement on the high street to skip the lights.",
            "Our cul-de-sac gets used as a turning circle by lorries that are too big for it.",
            "Graffiti has appeared on the side of the library again, mostly tags and names.",
            "Is there any plan to put a crossing near the health centre, it is hard to cross.",
            "The noise from the late bar on Friday nights carries right down the street.",
            "Somebody keeps leaving the gate to the communal garden open so it bangs all night.",
            "",
            "",
        ]
    )
    assert len(calm) > IN_REQUEST_CHARS
    item = submit(
        title="Bins", body=calm + "A man has a knife outside now and is attacking my neighbour."
    )
    assert item.lane == "standard"
    assert {f["detector"] for f in item.concern.screening} == {"long_post"}  # held, not passed

    assert rescreen_item(item.pk) == "moved"

    item.refresh_from_db()
    assert item.lane == "urgent" and Concern.objects.get(pk=item.concern_id).lane == "urgent"


def test_a_post_the_request_can_read_whole_is_screened_exactly_as_the_background_does():
    from moderation.screening import IN_REQUEST_CHARS, screen, screen_in_request

    text = "Call me on 07700 900123, the van HX19 ABC is parked here every night. " * 20
    text = text[:IN_REQUEST_CHARS]

    assert screen_in_request(text, title="Van") == screen(text, title="Van")
    assert "long_post" in screen_in_request(text + " more", title="Van").detectors
