"""Uploads are bounded as they stream (engage.uploads), before anything reaches a view."""

from __future__ import annotations

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from engage import uploads


@pytest.fixture
def small_limit(settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 64 * 1024
    return settings.CASE_DOCUMENT_MAX_BYTES


def posted(*sizes: int):
    data = {"csrfmiddlewaretoken": "token", "continue": ""}
    for number, size in enumerate(sizes):
        data[f"file{number}"] = SimpleUploadedFile(f"f{number}.jpg", b"x" * size, "image/jpeg")
    return RequestFactory().post("/report/evidence/", data)


def test_the_limited_handler_is_first_so_nothing_larger_reaches_the_others(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "engage.uploads.LimitedUploadHandler"


def test_a_file_within_the_limit_arrives_whole(small_limit):
    request = posted(small_limit)

    assert request.FILES["file0"].size == small_limit
    assert not uploads.upload_refused(request)


def test_a_file_past_the_limit_is_skipped_as_it_streams_but_the_form_still_arrives(small_limit):
    request = posted(small_limit + 1, 10)

    assert "file0" not in request.FILES
    assert request.FILES["file1"].size == 10  # another, small file in the same form is kept
    assert request.POST["csrfmiddlewaretoken"] == "token" and "continue" in request.POST
    assert uploads.upload_refused(request)


def test_a_request_longer_than_the_limit_and_form_overhead_has_every_file_skipped(small_limit):
    # each file is within the limit; together they are over it and the overhead
    count = (small_limit + uploads.FORM_OVERHEAD) // small_limit + 1
    request = posted(*[small_limit] * count)

    assert not request.FILES
    assert request.POST["csrfmiddlewaretoken"] == "token"
    assert uploads.upload_refused(request)


def test_a_request_far_past_the_limit_is_refused_without_reading_it(small_limit):
    request = posted(1)
    request.META["CONTENT_LENGTH"] = str(
        uploads.HARD_LIMIT_FACTOR * (small_limit + uploads.FORM_OVERHEAD) + 1
    )

    with pytest.raises(RequestDataTooBig):
        request.FILES  # noqa: B018  (reading it parses the body)
