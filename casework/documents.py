"""Checking an uploaded evidence file before anything of it is stored.

What a file is, is decided by its content (magic bytes, then a full decode for images), never
by its name or the browser's content type: a page or a script renamed photo.jpg is refused.
Images are decoded and re-encoded from their pixels alone, so nothing rides along (EXIF with
its GPS position, XMP, comments, text chunks); the EXIF orientation is applied first so the
picture stays upright. PDFs cannot be rebuilt without a PDF library, so they are kept as sent
but refused if they carry anything that runs (JavaScript, launch actions, embedded files).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from engage.refusals import Refusal

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

NAME_MAX = 120
# A decompression bomb is a small file that decodes to a huge picture: refused before decoding
# by its declared size (64 megapixels is more than any phone camera's default).
MAX_PIXELS = 64_000_000
# Compressed PDF streams are inflated only this far when looking for scripts in them.
INFLATE_LIMIT = 20 * 1024 * 1024

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf"}
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
ACCEPTED = "a photo (JPEG, PNG or WebP) or a PDF"
# Names in a PDF that make it do something when opened, rather than just show pages.
ACTIVE_NAMES = {b"JS", b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles"}


class DocumentRefused(Refusal):
    """The file was not stored: the message says why and what to send instead."""


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    content: bytes
    size: int
    sha256: str


def check_upload(uploaded: UploadedFile) -> CleanFile:
    """The file as it may be stored, or DocumentRefused with a message a resident understands."""
    limit = int(settings.CASE_DOCUMENT_MAX_BYTES)
    data = _read(uploaded, limit)
    kind = sniff(data)
    if kind is None:
        raise DocumentRefused(
            f"“{_shown(uploaded.name)}” is not {ACCEPTED}, whatever its name says. Choose a "
            "photo or a PDF; for anything else, describe it in your report instead."
        )
    content = check_pdf(data) if kind == PDF else clean_image(data, kind)
    if len(content) > limit:  # a re-encoded photo can come out a little larger
        raise _too_big(limit)
    return CleanFile(
        name=clean_name(uploaded.name or "", kind),
        content_type=kind,
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _read(uploaded: UploadedFile, limit: int) -> bytes:
    if uploaded.size is not None and uploaded.size > limit:
        raise _too_big(limit)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise _too_big(limit)
    if not data:
        raise DocumentRefused(f"“{_shown(uploaded.name)}” is empty. Choose the file again.")
    return data


def _too_big(limit: int) -> DocumentRefused:
    megabytes = limit / (1024 * 1024)
    shown = f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.1f}"
    return DocumentRefused(
        f"The file must be smaller than {shown} MB. Make the photo smaller, or send a PDF with "
        "fewer pages."
    )


def _shown(name: str | None) -> str:
    return clean_name(name or "", None) or "The file"


def sniff(data: bytes) -> str | None:
    """The type the bytes themselves say they are (None: not one we accept)."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def clean_image(data: bytes, kind: str) -> bytes:
    """Fully decode the picture (so a file that only starts like an image is refused), turn it
    upright, and write its pixels alone in the same format: no metadata survives."""
    broken = DocumentRefused(
        f"This file is not a photo we can open (it may be damaged). Choose {ACCEPTED}."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]])
            if image.width * image.height > MAX_PIXELS:
                raise DocumentRefused(
                    "This photo has too many pixels for us to store. Make it smaller (for "
                    "example, send it at a lower resolution) and try again."
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _encode(_in_srgb(upright, image.info.get("icc_profile")), kind)
    except DocumentRefused:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise broken from None


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours converted to sRGB where the photo names its own profile (a phone's wide gamut),
    since the profile itself is dropped with the rest of the metadata."""
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are
    return converted if converted is not None else image


def _encode(image: Image.Image, kind: str) -> bytes:
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind == JPEG:
        mode = "L" if image.mode in ("L", "1") else "RGB"
    elif kind == PNG and image.mode in ("L", "LA", "RGB", "RGBA"):
        mode = image.mode
    else:
        mode = "RGBA" if alpha else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    # A new image from the pixels alone: Pillow carries comments, XMP and profiles from
    # `info` into some formats' output by default, and this image has no `info` at all.
    fresh = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if kind == JPEG:
        fresh.save(out, "JPEG", quality=90, optimize=True)
    elif kind == PNG:
        fresh.save(out, "PNG", optimize=True)
    else:
        fresh.save(out, "WEBP", quality=90)
    return out.getvalue()


_NAME = re.compile(rb"/((?:[^\s/<>\[\]()%{}]|#[0-9A-Fa-f]{2})+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def check_pdf(data: bytes) -> bytes:
    """A PDF as sent, if it is one and nothing in it runs. Names are compared after undoing
    #xx escapes (/J#61vaScript is /JavaScript), and compressed streams are looked into too,
    where object streams may hide the same names."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data:
        raise DocumentRefused(
            "This PDF is incomplete or damaged. Save it again (for example, print it to PDF) "
            "and choose the new file."
        )
    for chunk in (data, *_inflated_streams(data)):
        if _active_names(chunk):
            raise DocumentRefused(
                "This PDF contains JavaScript, embedded files or actions that run programs, "
                "which we do not accept for safety. Print it to a new PDF, or send a "
                "screenshot of it as a photo, and try again."
            )
    return data


def _active_names(chunk: bytes) -> bool:
    for match in _NAME.finditer(chunk):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), match[1])
        if name in ACTIVE_NAMES:
            return True
    return False


def _inflated_streams(data: bytes) -> list[bytes]:
    found: list[bytes] = []
    budget = INFLATE_LIMIT
    for match in _STREAM.finditer(data):
        if budget <= 0:
            break
        try:
            inflated = zlib.decompressobj().decompress(match[1], budget)
        except zlib.error:
            continue  # not Flate (an image's own encoding, say): nothing to read in it
        budget -= len(inflated)
        found.append(inflated)
    return found


_UNSAFE = re.compile(r"[^\w\s.()\-]+")


def clean_name(raw: str, kind: str | None) -> str:
    """A name safe to show and to offer as a download: no folders, no control or markup
    characters, at most NAME_MAX characters, ending in the extension of what the file is."""
    name = unicodedata.normalize("NFKC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", _UNSAFE.sub("_", name)).strip()
    if kind is None:
        return name.strip(" ._")[:NAME_MAX]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    extension = EXTENSIONS[kind]
    stem = stem.strip(" ._")[: NAME_MAX - len(extension) - 1].rstrip(" ._") or "evidence"
    return f"{stem}.{extension}"
