"""Evidence files are checked by what they are, not what they are called, and stored without
the metadata that would say where a photo was taken (issue 12: "an evidence file with GPS EXIF
is stored without it; a file that claims to be an image but is not is refused")."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from casework.documents import DocumentRefused, check_upload, clean_name
from casework.models import CaseDocument, CaseEvent, CaseEventKind, private_storage
from casework.services.documents import add_document

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(*, orientation: int = 1, size=(40, 20)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 32.0, 10.0), 3: "W", 4: (0.0, 7.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at 12 Acacia Avenue")
    return out.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_jpeg_with_gps_exif_is_stored_without_any_exif():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise

    clean = check_upload(upload(original))

    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG" and clean.content_type == "image/jpeg"
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Exif" not in clean.content and b"Acacia" not in clean.content
    assert b"PhoneMaker" not in clean.content


def test_the_exif_orientation_is_applied_before_it_is_removed():
    sideways = jpeg_with_gps(orientation=6, size=(40, 20))  # 6: rotate 90° to show upright

    clean = check_upload(upload(sideways))

    assert Image.open(io.BytesIO(clean.content)).size == (20, 40)


def test_a_png_text_chunk_is_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Home address: 12 Acacia Avenue")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 51.5</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)

    clean = check_upload(upload(out.getvalue(), "screenshot.png", "image/png"))

    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "PNG" and stored.mode == "RGBA"
    assert not stored.text and b"Acacia" not in clean.content and b"xmp" not in clean.content


def test_a_webp_photo_is_accepted_and_rewritten():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, "WEBP", exif=jpeg_exif_bytes())

    clean = check_upload(upload(out.getvalue(), "x.webp", "image/webp"))

    assert clean.content_type == "image/webp" and clean.name == "x.webp"
    assert not Image.open(io.BytesIO(clean.content)).getexif()


def jpeg_exif_bytes() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 32.0, 10.0)})
    return exif.tobytes()


REFUSED_AS_NOT_A_PHOTO = [
    b"Just some text, not a photo at all.\n",
    b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
    b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
]


@pytest.mark.parametrize("content", REFUSED_AS_NOT_A_PHOTO)
def test_a_file_named_photo_jpg_that_is_not_an_image_is_refused_with_a_clear_message(content):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(content, "photo.jpg", "image/jpeg"))

    assert refused.value.message.startswith("“photo.jpg” is not a photo (JPEG, PNG or WebP)")
    assert "whatever its name says" in refused.value.message


def test_a_file_that_only_starts_like_a_jpeg_is_refused_as_damaged():
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(b"\xff\xd8\xff\xe0" + b"<html>not really</html>" * 20))

    assert "not a photo we can open" in refused.value.message


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("L", (9000, 8000)).save(out, "PNG")  # 72 megapixels of nothing: a small file

    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(out.getvalue(), "big.png", "image/png"))

    assert "too many pixels" in refused.value.message


def test_a_photo_of_more_than_40_megapixels_is_refused_to_bound_the_memory_a_decode_takes():
    out = io.BytesIO()
    Image.new("L", (7500, 6000)).save(out, "PNG")  # 45 megapixels: under the old 64 MP bound

    with pytest.raises(DocumentRefused, match="too many pixels"):
        check_upload(upload(out.getvalue(), "big.png", "image/png"))


def test_an_oversized_file_is_refused_saying_the_limit_in_mb(settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024

    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024), "huge.jpg"))

    assert refused.value.message.startswith("The file must be smaller than 2 MB.")


def test_an_empty_file_is_refused():
    with pytest.raises(DocumentRefused, match="is empty"):
        check_upload(upload(b"", "photo.jpg"))


def pdf(body: bytes = b"1 0 obj << /Type /Catalog >> endobj\n") -> bytes:
    return b"%PDF-1.7\n" + body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_plain_pdf_is_kept_as_sent():
    clean = check_upload(upload(pdf(), "receipt.PDF", "application/octet-stream"))

    assert clean.content == pdf() and clean.content_type == "application/pdf"
    assert clean.name == "receipt.pdf" and clean.size == len(pdf())


ACTIVE_PDFS = {
    "javascript": b"1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n",
    "escaped name": b"1 0 obj << /OpenAction << /S /J#61vaScript >> >> endobj\n",
    "launch": b"1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n",
    "embedded file": b"1 0 obj << /Type /EmbeddedFile >> endobj\n",
    "in a compressed stream": b"2 0 obj << /Filter /FlateDecode >> stream\n"
    + zlib.compress(b"<< /S /JavaScript /JS (x) >>")
    + b"\nendstream endobj\n",
}


@pytest.mark.parametrize("body", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_javascript_or_actions_is_refused(body):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(pdf(body), "statement.pdf", "application/pdf"))

    assert "contains JavaScript, embedded files" in refused.value.message


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


def stream(dictionary: bytes, content: bytes, number: int = 2) -> bytes:
    return b"%d 0 obj << %s >> stream\n%s\nendstream endobj\n" % (number, dictionary, content)


SCRIPT = b"<< /S /JavaScript /JS (app.alert(1)) >>"
HIDDEN_ACTIONS = {
    "raw deflate, no zlib header": stream(b"/Filter /FlateDecode", raw_deflate(SCRIPT)),
    "deflated twice": stream(
        b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(zlib.compress(SCRIPT))
    ),
    "submit form on open": b"1 0 obj << /OpenAction << /S /SubmitForm /F (https://x.test) >> >> "
    b"endobj\n",
    "xfa form": b"1 0 obj << /AcroForm << /XFA 5 0 R >> >> endobj\n",
    "additional actions on a page": b"3 0 obj << /Type /Page /AA << /O 4 0 R >> >> endobj\n",
    "open action by reference": b"1 0 obj << /OpenAction 4 0 R >> endobj\n"
    b"4 0 obj << /S /URI /URI (https://x.test) >> endobj\n",
    "remote go-to": b"4 0 obj << /S /GoToR /F (other.pdf) >> endobj\n",
}


@pytest.mark.parametrize("body", HIDDEN_ACTIONS.values(), ids=HIDDEN_ACTIONS.keys())
def test_a_pdf_hiding_actions_from_a_simple_look_is_refused(body):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(pdf(body), "statement.pdf", "application/pdf"))

    assert "contains JavaScript, embedded files" in refused.value.message


UNREADABLE_PDFS = {
    "ascii hex": stream(b"/Filter /ASCIIHexDecode", SCRIPT.hex().encode() + b">"),
    "ascii85 in a chain": stream(b"/Filter [/FlateDecode /ASCII85Decode]", zlib.compress(b"x")),
    "lzw": stream(b"/Filter /LZWDecode", b"\x80\x0b\x60\x50"),
    "run length, escaped name": stream(b"/Filter /RunLengthDec#6fde", b"\x00x\x80"),
    "filter by reference": stream(b"/Filter 7 0 R", b"anything"),
    "encrypted": b"trailer << /Encrypt 9 0 R >>\n",
    "predictor on a content stream": stream(
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
        zlib.compress(b"\x00<< /\x00S /J\x00avaS\x00crip"),
    ),
}


@pytest.mark.parametrize("body", UNREADABLE_PDFS.values(), ids=UNREADABLE_PDFS.keys())
def test_a_pdf_whose_streams_cannot_be_read_is_refused_as_unchecked(body):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(pdf(body), "statement.pdf", "application/pdf"))

    assert "stored in a way we cannot check for safety" in refused.value.message


ORDINARY_PDFS = {
    "open at a page": b"1 0 obj << /OpenAction [3 0 R /Fit] >> endobj\n",
    "go to a page on open": b"1 0 obj << /OpenAction << /S /GoTo /D [3 0 R /Fit] >> >> endobj\n",
    "a web link": b"5 0 obj << /Type /Annot /Subtype /Link /A << /S /URI /URI (https://x.test) >>"
    b" >> endobj\n",
    "a jpeg picture": stream(b"/Type /XObject /Subtype /Image /Filter /DCTDecode", b"\xff\xd8"),
    "a png picture with a predictor": stream(
        b"/Subtype /Image /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 2 >>",
        zlib.compress(b"\x02\x00\x00"),
    ),
    "a cross-reference stream": stream(
        b"/Type /XRef /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>",
        zlib.compress(b"\x02\x01\x00\x10\x00\x00"),
    ),
    "compressed page text": stream(b"/Filter /FlateDecode", zlib.compress(b"BT (Hello) Tj ET")),
}


@pytest.mark.parametrize("body", ORDINARY_PDFS.values(), ids=ORDINARY_PDFS.keys())
def test_an_ordinary_pdf_with_links_pictures_and_compression_is_accepted(body):
    clean = check_upload(upload(pdf(body), "statement.pdf", "application/pdf"))

    assert clean.content == pdf(body)


def test_a_pdf_without_its_end_marker_is_refused_as_incomplete():
    with pytest.raises(DocumentRefused, match="incomplete or damaged"):
        check_upload(upload(b"%PDF-1.4\n1 0 obj << >> endobj\n", "cut.pdf"))


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("../../etc/passwd.jpg", "image/jpeg", "passwd.jpg"),
        ("C:\\Users\\Priya\\My bike.JPEG", "image/jpeg", "My bike.jpg"),
        ("photo.jpg", "application/pdf", "photo.pdf"),  # the extension says what it is
        ('<img src=x onerror="a()">.png', "image/png", "img src_x onerror_a().png"),
        ("\x00\x1b[31m.jpg", "image/jpeg", "31m.jpg"),
        ("", "image/png", "evidence.png"),
        ("....jpg", "image/jpeg", "evidence.jpg"),
    ],
)
def test_file_names_are_cleaned(raw, kind, expected):
    assert clean_name(raw, kind) == expected


def test_a_long_file_name_is_cut_to_120_characters_keeping_its_extension():
    name = clean_name("a" * 300 + ".jpg", "image/jpeg")

    assert len(name) == 120 and name.endswith("a.jpg")


def test_a_document_is_stored_privately_under_a_random_name_and_told_to_the_reporter(
    report_by, resident
):
    case = report_by()
    clean = check_upload(upload(jpeg_with_gps(), "my secret address.jpg"))

    document = add_document(case, uploaded_by=resident, clean=clean)

    assert document.name == "my secret address.jpg"
    assert "secret" not in document.file.name and document.file.name.startswith("cases/")
    with private_storage.open(document.file.name) as stored:
        assert stored.read() == clean.content
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.DOCUMENT)
    assert event.for_reporter and event.detail["document"] == document.pk


def test_the_same_file_twice_on_one_case_is_one_document(report_by, resident):
    case = report_by()
    clean = check_upload(upload(jpeg_with_gps()))

    first = add_document(case, uploaded_by=resident, clean=clean)
    again = add_document(case, uploaded_by=resident, clean=clean)

    assert again.pk == first.pk and CaseDocument.objects.filter(case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.DOCUMENT).count() == 1
