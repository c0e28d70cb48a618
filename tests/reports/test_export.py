"""`manage.py export_reports`: a day's recorded reports as CSV, each export logged."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from casework.models import CaseAccess, CaseDocument
from reports.services import export
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, 30, tzinfo=LONDON)


def run(*args: str) -> tuple[list[dict[str, str]], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_reports", *args, stdout=out, stderr=err)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), err.getvalue()


def test_a_days_recorded_reports_are_written_one_row_each_with_answers_flattened(resident):
    bike = CaseFactory(
        recorded=True,
        reporter=resident,
        triaged_at=at(1, 9),
        created_at=at(1, 8),
        crime_reference="CRN-1/26",
        thrive={"threat": 1, "harm": 2},
        answers={
            "where": {"postcode": "NW1 7JR", "place": "Library"},
            "items": [{"name": "Bike", "serial": "WTU1"}, {"name": "Lock", "serial": ""}],
            "contact": {"phone": "07700 900123"},
        },
    )
    content = b"%PDF evidence"
    CaseDocument.objects.create(
        case=bike,
        file=ContentFile(content, name="e.pdf"),
        name="e.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    CaseFactory(recorded=True, triaged_at=at(2, 0))  # the next day, just after midnight
    CaseFactory(recorded=True, triaged_at=at(1, 23), anonymous=True, summary="=HYPERLINK()")
    CaseFactory(closed=True, triaged_at=at(1, 10))  # triaged that day, but no crime recorded
    CaseFactory(triaged_at=None)  # not triaged at all

    rows, _ = run("--date", "2026-12-01")

    assert [r["crime_reference"] for r in rows][:1] == ["CRN-1/26"] and len(rows) == 2
    first, late = rows
    assert list(first) == export.COLUMNS
    assert first["reference"] == bike.reference and first["kind_title"] == "Theft"
    assert first["where"] == "place: Library; postcode: NW1 7JR"  # keys in a fixed order
    assert first["items"] == "name: Bike; serial: WTU1 | name: Lock"
    assert first["thrive"] == "harm=2; threat=1"
    assert first["reporter_email"] == "resident@example.com"
    assert first["contact"] == "phone: 07700 900123"
    assert first["documents"] == f"e.pdf ({hashlib.sha256(content).hexdigest()})"
    assert "PDF evidence" not in str(rows)
    assert late["anonymous"] == "yes" and late["reporter_email"] == late["reporter_name"] == ""
    assert late["summary"] == "'=HYPERLINK()"  # never a formula in a spreadsheet


def test_every_case_exported_is_logged_as_an_export_by_no_user(tmp_path):
    cases = [CaseFactory(recorded=True, triaged_at=at(3, h)) for h in (8, 9, 10)]
    target = tmp_path / "reports.csv"

    _, err = run("--date", "2026-12-03", "--output", str(target))

    assert "Exported 3 recorded report(s) of 2026-12-03." in err
    assert len(list(csv.DictReader(target.open()))) == 3
    logged = CaseAccess.objects.filter(action="export")
    assert sorted(a.case_id for a in logged) == sorted(c.pk for c in cases)
    assert {a.user_id for a in logged} == {None}
    assert {a.detail for a in logged} == {"CSV export of 2026-12-03"}
    # the log outlives the case (DPA 2018 s.62), so it names the case itself
    assert sorted(a.case_reference for a in logged) == sorted(c.reference for c in cases)


def test_a_day_with_nothing_recorded_gives_just_the_header_and_logs_nothing():
    rows, err = run("--date", "2026-01-01")

    assert rows == [] and "Exported 0" in err
    assert not CaseAccess.objects.exists()


def test_a_big_day_shows_progress_on_stderr(monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 2)
    for hour in range(5):
        CaseFactory(recorded=True, triaged_at=at(4, hour + 8))

    rows, err = run("--date", "2026-12-04")

    assert len(rows) == 5
    assert "2 of 5 written" in err and "4 of 5 written" in err and "5 of 5 written" in err


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "01/12/2026", "20261201"])
def test_a_bad_date_is_refused_with_what_to_type(bad):
    with pytest.raises(CommandError, match="Give the day as YYYY-MM-DD"):
        call_command("export_reports", "--date", bad, stdout=io.StringIO())
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("\t=HYPERLINK()", "'\t=HYPERLINK()"),
        ("\r=cmd|' /C calc'!A0", "'\r=cmd|' /C calc'!A0"),
        ("A bike, taken at 9pm", "A bike, taken at 9pm"),
    ],
)
def test_a_cell_a_spreadsheet_could_read_as_a_formula_is_written_as_text(cell, written):
    assert export.safe_cell(cell) == written
