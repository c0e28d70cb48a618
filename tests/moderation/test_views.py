"""Moderation over HTTP: the permission matrix over every view and action, stale forms, the
redaction editor without JavaScript, the CSV export, reports and appeals."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from concerns.models import Concern
from concerns.states import ConcernStatus as S
from moderation.models import Action, Decision, Flag, QueueItem, Sanction
from tests.conftest import signed_in

PHONE_POST = "Dealing at the corner again. Call him on 07700 900123 if you want proof."

MODERATOR_GETS = [
    "moderation:queue",
    "moderation:log",
    "moderation:log_csv",
    "moderation:dashboard",
    "moderation:item",
]
MODERATOR_POSTS = [
    "moderation:decide",
    "moderation:claim",
    "moderation:release",
    "moderation:note",
    "moderation:escalate",
    "moderation:sanction",
    "moderation:bulk",
]


def url_for(name: str, item: QueueItem) -> str:
    if name in {
        "moderation:item",
        "moderation:decide",
        "moderation:claim",
        "moderation:release",
        "moderation:note",
        "moderation:escalate",
        "moderation:sanction",
    }:
        return reverse(name, kwargs={"pk": item.pk})
    return reverse(name)


@pytest.fixture
def client_for(request):
    def make(persona: str, two_factor: bool = False) -> Client:
        if persona == "anonymous":
            return Client()
        return signed_in(request.getfixturevalue(persona), two_factor=two_factor)

    return make


def post_data(name: str, item: QueueItem) -> dict:
    return {
        "moderation:decide": {"action": "approve", "version": item.version},
        "moderation:note": {"text": "Looks fine"},
        "moderation:escalate": {"note": "Please look"},
        "moderation:sanction": {"kind": "warn", "reason": "Rude"},
        "moderation:bulk": {
            "action": "approve",
            "items": [item.pk],
            f"version-{item.pk}": item.version,
        },
    }.get(name, {})


# (persona, two-factor?, expected for GETs, and whether POSTs may change anything)
MATRIX = [
    ("anonymous", False, "login"),
    ("resident", False, 403),
    ("officer", True, 403),
    ("staff_admin", True, 403),  # admin staff are not moderators by that alone
    ("moderator", False, "two-factor"),
    ("scoped_moderator", True, "scoped"),  # other neighbourhood only
    ("moderator", True, 200),
]


@pytest.mark.parametrize("name", MODERATOR_GETS)
@pytest.mark.parametrize(("persona", "two_factor", "expected"), MATRIX)
def test_moderator_pages_are_for_moderators_in_scope_after_two_factor(
    client_for, submit, name, persona, two_factor, expected
):
    item = submit(body=PHONE_POST)

    response = client_for(persona, two_factor).get(url_for(name, item))

    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif expected == "two-factor":
        assert response.status_code == 302 and "/account/two-factor" in response.url
    elif expected == "scoped":
        if name == "moderation:item":
            assert response.status_code == 404
        else:
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert item.concern.ref.encode() not in body
    else:
        assert response.status_code == expected
    if expected == 200 and name in ("moderation:queue", "moderation:item"):
        assert item.concern.title in response.content.decode()


@pytest.mark.parametrize("name", MODERATOR_POSTS)
@pytest.mark.parametrize(("persona", "two_factor", "expected"), MATRIX[:-1])
def test_no_one_but_a_moderator_in_scope_can_act(
    client_for, submit, name, persona, two_factor, expected
):
    item = submit()

    response = client_for(persona, two_factor).post(url_for(name, item), post_data(name, item))

    assert response.status_code in (302, 403, 404)
    item.refresh_from_db()
    assert item.state == "pending" and item.claimed_by is None
    assert not Decision.objects.exists() and not Sanction.objects.exists()
    assert not item.notes.exists()
    assert Concern.objects.get(pk=item.concern_id).status == S.SUBMITTED


def test_a_moderator_approves_from_the_item_page_and_goes_to_the_next_item(submit, moderator):
    first, second = submit(title="Cars on the pavement"), submit(title="Noise at night")
    client = signed_in(moderator, two_factor=True)

    response = client.post(
        reverse("moderation:decide", kwargs={"pk": first.pk}),
        {"action": "approve", "version": first.version},
    )

    assert response.status_code == 302 and response.url == second.get_absolute_url()
    assert Concern.objects.get(pk=first.concern_id).status == S.PUBLISHED


def test_a_stale_form_says_someone_already_handled_it_not_an_error_page(
    submit, moderator, second_moderator
):
    item = submit()
    stale = item.version
    signed_in(second_moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {"action": "reject", "reject_reason": "spam", "version": stale},
    )

    response = signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {"action": "approve", "version": stale},
        follow=True,
    )

    assert response.status_code == 200
    assert "Someone already handled this item" in response.content.decode()
    assert Concern.objects.get(pk=item.concern_id).status == S.REJECTED


def test_the_item_page_highlights_findings_and_ticked_spans_become_removed(submit, moderator):
    item = submit(title="Dealing at the corner", body=PHONE_POST)
    client = signed_in(moderator, two_factor=True)
    page = client.get(item.get_absolute_url()).content.decode()
    start = PHONE_POST.index("07700")
    span = f"text:{start}:{start + len('07700 900123')}"
    assert f'<mark data-span="{span}"' in page and f'value="{span}"' in page

    client.post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {"action": "redact", "version": item.version, "remove": [span]},
    )

    concern = Concern.objects.get(pk=item.concern_id)
    assert concern.status == S.PUBLISHED and "07700" not in concern.body
    assert "Call him on [removed] if" in concern.body


def test_a_forged_span_is_refused_with_the_form_shown_again(submit, moderator):
    item = submit(body=PHONE_POST)

    response = signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {"action": "redact", "version": item.version, "remove": ["text:0:99999"]},
    )

    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert Concern.objects.get(pk=item.concern_id).status == S.SUBMITTED


def test_the_csv_export_holds_every_decision_and_neutralises_formulas(submit, moderator):
    item = submit()
    signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {
            "action": "reject",
            "reject_reason": "",
            "reason_extra": '=HYPERLINK("x")',
            "version": item.version,
        },
    )

    response = signed_in(moderator, two_factor=True).get(reverse("moderation:log_csv"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["decision id", "when (UTC)", "concern"]
    assert rows[1][2] == item.concern.ref and rows[1][5] == "Rejected"
    assert rows[1][7].startswith("'=HYPERLINK")


def test_a_resident_reports_a_published_concern_once(concern_by, other_resident):
    concern = concern_by("published")
    client = signed_in(other_resident)
    url = reverse("moderation:report", kwargs={"ref": concern.ref})
    assert client.get(url).status_code == 200

    client.post(url, {"reason": "spam"})
    again = client.post(url, {"reason": "spam"})

    assert Flag.objects.filter(concern=concern).count() == 1
    assert "already reported" in again.content.decode()
    assert QueueItem.objects.filter(concern=concern, kind="flag", state="pending").count() == 1


def test_reporting_needs_sign_in_and_a_public_concern(concern_by, other_resident):
    hidden = concern_by("submitted")
    assert Client().get(reverse("moderation:report", kwargs={"ref": hidden.ref})).status_code == 302
    assert (
        signed_in(other_resident)
        .get(reverse("moderation:report", kwargs={"ref": hidden.ref}))
        .status_code
        == 404
    )


def test_the_author_sees_the_reason_and_appeals_from_the_concern_page(
    submit, moderator, resident, other_resident
):
    item = submit()
    signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {"action": "reject", "reject_reason": "not_police", "version": item.version},
    )
    concern = Concern.objects.get(pk=item.concern_id)
    author = signed_in(resident)

    page = author.get(concern.get_absolute_url()).content.decode()
    assert "not something the police can help with" in page
    assert reverse("moderation:appeal", kwargs={"ref": concern.ref}) in page
    assert (
        signed_in(other_resident)
        .get(reverse("moderation:appeal", kwargs={"ref": concern.ref}))
        .status_code
        == 404
    )

    author.post(
        reverse("moderation:appeal", kwargs={"ref": concern.ref}),
        {"text": "It is about people dealing drugs."},
    )

    appeal_item = QueueItem.objects.get(kind="appeal")
    assert appeal_item.appeal.decision.action == Action.REJECT
    assert (
        author.get(reverse("moderation:appeal", kwargs={"ref": concern.ref})).status_code == 404
    )  # one appeal per decision


def test_the_queue_page_runs_the_same_queries_for_5_items_as_for_25(submit, moderator, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SUBMISSIONS_PER_HOUR = 100
    client = signed_in(moderator, two_factor=True)
    counts = []
    for total in (5, 25):
        while QueueItem.objects.pending().count() < total:
            submit(title=f"Parking on the pavement number {QueueItem.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("moderation:queue")).status_code == 200
        counts.append(len(queries))
        assert not any(
            "COUNT(" in q["sql"].upper() and "moderation_queueitem" in q["sql"]
            for q in queries.captured_queries
        )  # lane counts come from the tally
    assert counts[0] == counts[1]


def test_every_kind_of_item_page_shows_what_the_moderator_must_judge(
    submit, concern_by, moderator, second_moderator, resident, other_resident
):
    import uuid

    from concerns import services as concern_services
    from moderation.services import appeals, flags

    published = concern_by("published")
    concern_services.add_update(
        concern=published,
        author=other_resident,
        body="Still going on at 11pm.",
        submission_key=uuid.uuid4(),
        acknowledged_emergency=True,
    )
    flags.flag_concern(
        concern=published, user=other_resident, reason="other", text="Names the shop owner"
    )
    rejected = submit(title="Loud music")
    signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": rejected.pk}),
        {"action": "reject", "reject_reason": "not_police", "version": rejected.version},
    )
    decision = Decision.objects.get()
    appeals.appeal(decision=decision, author=resident, text="It is every night until 3am.")
    client = signed_in(second_moderator, two_factor=True)
    expected = {
        "update": ["Still going on at 11pm.", "Approve with redactions"],
        "flag": ["Names the shop owner", "Agree with the reports: hide it"],
        "appeal": ["It is every night until 3am.", "Uphold the appeal"],
    }

    for kind, texts in expected.items():
        item = QueueItem.objects.get(kind=kind, state="pending")
        page = client.get(item.get_absolute_url())
        assert page.status_code == 200
        for text in texts:
            assert text in page.content.decode(), (kind, text)


def test_the_edit_box_is_used_only_when_the_moderator_says_so(submit, moderator):
    """A browser sends the untouched textarea back with \\r\\n line ends: that must never
    outvote the ticked removals."""
    body = "Line one.\nCall him on 07700 900123 today."
    item = submit(title="Dealing", body=body)
    start = body.index("07700")
    span = f"text:{start}:{start + len('07700 900123')}"

    signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {
            "action": "redact",
            "version": item.version,
            "remove": [span],
            "edited_body": body.replace("\n", "\r\n"),
            "edited_title": "Dealing",
        },
    )

    concern = Concern.objects.get(pk=item.concern_id)
    assert concern.status == S.PUBLISHED and "07700" not in concern.body


def test_a_redaction_that_leaves_personal_data_is_sent_back_unless_confirmed(submit, moderator):
    item = submit(title="Dealing", body=PHONE_POST)
    client = signed_in(moderator, two_factor=True)
    url = reverse("moderation:decide", kwargs={"pk": item.pk})
    leaky = {
        "action": "redact",
        "version": item.version,
        "use_edit": "on",
        "edited_body": "Dealing again. Ring 07700 900123.",
        "edited_title": "Dealing",
    }

    refused = client.post(url, leaky)

    assert refused.status_code == 400 and "still contains" in refused.content.decode()
    assert Concern.objects.get(pk=item.concern_id).status == S.SUBMITTED
    client.post(url, {**leaky, "edited_body": "Dealing again at the corner."})
    concern = Concern.objects.get(pk=item.concern_id)
    assert concern.status == S.PUBLISHED and concern.body == "Dealing again at the corner."


def test_staff_see_what_a_redacted_post_said_until_the_purge(submit, moderator, second_moderator):
    item = submit(title="Dealing", body=PHONE_POST)
    start = PHONE_POST.index("07700")
    signed_in(moderator, two_factor=True).post(
        reverse("moderation:decide", kwargs={"pk": item.pk}),
        {
            "action": "redact",
            "version": item.version,
            "remove": [f"text:{start}:{start + len('07700 900123')}"],
        },
    )

    page = signed_in(second_moderator, two_factor=True).get(item.get_absolute_url())

    assert (
        "What it said before" in page.content.decode() and "07700 900123" in page.content.decode()
    )
