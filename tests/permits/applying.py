"""Helpers for the permits counter's tests: starting an application over HTTP, answering its
questions in the order the flow asks them, and the answers of a procession march."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from casework.documents import CleanFile, check_upload
from permits.models import ApplicationDraft

GPS_IFD = 0x8825  # the EXIF tag that points at the GPS block
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def when(days_ahead: int, at: str = "") -> dict[str, str]:
    """The day/month/year boxes (and the time box, given `at`) for a day from today."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    boxes = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    return {**boxes, "time": at} if at else boxes


def procession(days_ahead: int) -> dict[str, dict[str, str]]:
    """A march's answers, page by page, starting `days_ahead` days from today."""
    return {
        "moving": {"answer": "Yes, it is a march or procession that moves"},
        "title": {"answer": "Save Camden Library march"},
        "starts": when(days_ahead, "11:00"),
        "ends": when(days_ahead, "14:00"),
        "assembly": {"answer": "Outside Camden Town Hall, Judd Street, London WC1H 9JE"},
        "route": {"answer": "Judd Street, Euston Road, Camden High Street to the library."},
        "numbers": {"answer": "About 300"},
        "closures": {"answer": ""},
        "stewards": {"answer": "Twelve stewards, on 07700 900 111 on the day."},
        "organiser": {
            "name": "Asha Patel",
            "address": "12 Pratt Street, London NW1 0AB",
            "phone": "07700 900 982",
            "email": "asha@example.com",
        },
        "publish_consent": {"answer": "Yes"},
    }


def start(client: Client, slug: str) -> tuple[ApplicationDraft, str]:
    """Start now on the type's page: the new draft and where it sends you first."""
    before = set(ApplicationDraft.objects.values_list("pk", flat=True))
    response = client.post(reverse("permits:start", kwargs={"slug": slug}))
    assert response.status_code == 302, response.content
    return ApplicationDraft.objects.exclude(pk__in=before).get(), response["Location"]


def walk(client: Client, location: str, pages: dict[str, dict]) -> tuple[str, list[str]]:
    """Answer each page the flow asks, in its order, until check your answers (or a stop):
    where it ended and the keys asked."""
    asked: list[str] = []
    while "/check/" not in location and "/stopped/" not in location:
        key = location.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        response = client.post(location, pages[key])
        assert response.status_code == 302, (key, response.content.decode()[:3000])
        asked.append(key)
        location = response["Location"]
        assert len(asked) < 40, "the flow does not end"
    return location, asked


def photo_with_gps() -> bytes:
    """A JPEG that says where it was taken (51.5N, 0.14W), as a phone's photo does."""
    image = Image.new("RGB", (64, 48), (30, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (51.0, 32.0, 24.0), 3: "W", 4: (0.0, 8.0, 36.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the fixture has no GPS"
    return data


def checked(content: bytes, name: str) -> CleanFile:
    """A file as casework.documents passes it, for the services."""
    return check_upload(SimpleUploadedFile(name, content))


def uploaded(content: bytes, name: str) -> SimpleUploadedFile:
    """A file as a browser sends it, for the pages (its type is ours to find out)."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
