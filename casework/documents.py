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
# by its declared size. 40 megapixels is more than any phone camera's default (12-24 MP;
# 48-50 MP "high resolution" modes are opt-in) and bounds a decode to ~160 MB of RGBA.
MAX_PIXELS = 40_000_000
# Compressed PDF streams are inflated only this far when looking for scripts in them.
INFLATE_LIMIT = 20 * 1024 * 1024

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf"}
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
ACCEPTED = "a photo (JPEG, PNG or WebP) or a PDF"
# Names in a PDF that make it do something when opened, rather than just show pages.
ACTIVE_NAMES = {
    b"JS",
    b"JavaScript",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"AA",  # additional actions: run on opening a page, a field's keystroke, closing...
    b"XFA",  # XML forms, which carry their own scripts
    b"RichMedia",  # Flash and video that plays itself
    b"SubmitForm",  # sends what is in the form to a server
    b"ImportData",
    b"GoToE",  # opens an embedded document
    b"GoToR",  # opens another file on the computer
}


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
        raise too_big(limit)
    return CleanFile(
        name=clean_name(uploaded.name or "", kind),
        content_type=kind,
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _read(uploaded: UploadedFile, limit: int) -> bytes:
    if uploaded.size is not None and uploaded.size > limit:
        raise too_big(limit)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise too_big(limit)
    if not data:
        raise DocumentRefused(f"“{_shown(uploaded.name)}” is empty. Choose the file again.")
    return data


def too_big(limit: int) -> DocumentRefused:
    """The refusal for a file over `limit` bytes (also shown when engage.uploads stopped one)."""
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
    upright, and write its pixels alone in the same format: no metadata survives.

    Memory: each step replaces the one before (the decoded file is closed once turned upright,
    colours are converted in place, `info` is emptied rather than the pixels copied), so at
    most two copies of the pixels are alive at once. Measured with ru_maxrss on a 38.5
    megapixel JPEG (115 MB of RGB): the peak rise was 369 MB before this, 185 MB after."""
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
            icc = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)  # always a new image
            image.close()  # frees the decoded pixels: only the upright copy is needed
            return _encode(_in_srgb(upright, icc), kind)
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
    """Colours converted to sRGB (in place) where the photo names its own profile (a phone's
    wide gamut), since the profile itself is dropped with the rest of the metadata."""
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), inPlace=True)
    except (ImageCms.PyCMSError, OSError, ValueError):
        pass  # a broken profile: the pixels as they are
    return image


def _encode(image: Image.Image, kind: str) -> bytes:
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind == JPEG:
        mode = "L" if image.mode in ("L", "1") else "RGB"
    elif kind == PNG and image.mode in ("L", "LA", "RGB", "RGBA"):
        mode = image.mode
    else:
        mode = "RGBA" if alpha else "RGB"
    if image.mode != mode:
        converted = image.convert(mode)
        image.close()
        image = converted
    # Pillow carries comments, XMP, EXIF and profiles from `info` into some formats' output
    # by default: this image (ours alone, never the decoder's) is written with none.
    image.info = {}
    out = io.BytesIO()
    if kind == JPEG:
        image.save(out, "JPEG", quality=90, optimize=True)
    elif kind == PNG:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=90)
    return out.getvalue()


_NAME = re.compile(rb"/((?:[^\s/<>\[\]()%{}]|#[0-9A-Fa-f]{2})+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")
_PREDICTOR = re.compile(rb"/Predictor\s+(\d+)")
# Filters we can see through (Flate) or that only ever hold pixels. Any other (ASCIIHex,
# ASCII85, LZW, RunLength, Crypt, a filter named by reference...) could hide a script from
# this check while a reader still runs it, so a PDF using one is refused.
FLATE = b"FlateDecode"
IMAGE_FILTERS = {b"DCTDecode", b"JPXDecode", b"CCITTFaxDecode", b"JBIG2Decode"}
# Inflated data is looked into again this many times (a stream may be Flate twice over).
INFLATE_DEPTH = 3
ACTIVE_MESSAGE = (
    "This PDF contains JavaScript, embedded files, forms that send data or actions that run "
    "programs, which we do not accept for safety. Print it to a new PDF, or send a "
    "screenshot of it as a photo, and try again."
)
UNREADABLE_MESSAGE = (
    "This PDF is stored in a way we cannot check for safety (it may be encrypted, "
    "password-protected or use an unusual compression). Print it to a new PDF, or send a "
    "screenshot of it as a photo, and try again."
)


def check_pdf(data: bytes) -> bytes:
    """A PDF as sent, if it is one and nothing in it runs. Names are compared after undoing
    #xx escapes (/J#61vaScript is /JavaScript), and compressed streams are looked into too
    (zlib or raw deflate, nested), where object streams may hide the same names. A PDF whose
    streams we cannot read (a filter other than Flate or an image codec, encryption, a
    predictor outside images and cross-reference streams) is refused: what we cannot read we
    cannot vouch for."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data:
        raise DocumentRefused(
            "This PDF is incomplete or damaged. Save it again (for example, print it to PDF) "
            "and choose the new file."
        )
    inflated, predicted = _inflated_streams(data)
    chunks = [data, *inflated]
    if predicted or any(_unreadable(chunk) for chunk in chunks):
        raise DocumentRefused(UNREADABLE_MESSAGE)
    for chunk in chunks:
        if _active_names(chunk) or _runs_on_open(chunk):
            raise DocumentRefused(ACTIVE_MESSAGE)
    return data


def _names(chunk: bytes) -> list[tuple[bytes, int]]:
    """Every name in the chunk, unescaped, with where it ends."""
    return [
        (re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), match[1]), match.end())
        for match in _NAME.finditer(chunk)
    ]


def _active_names(chunk: bytes) -> bool:
    return any(name in ACTIVE_NAMES for name, _ in _names(chunk))


def _unreadable(chunk: bytes) -> bool:
    names = _names(chunk)
    if any(name == b"Encrypt" for name, _ in names):
        return True
    for name, end in names:
        if name == b"Filter":
            filters = _filter_value(chunk, end)
            if filters is None or any(f != FLATE and f not in IMAGE_FILTERS for f in filters):
                return True
    return False


def _filter_value(chunk: bytes, end: int) -> list[bytes] | None:
    """The names after /Filter (None: not a name or an array of them, e.g. a reference)."""
    rest = chunk[end : end + 400].lstrip()
    if rest.startswith(b"/"):
        first = _names(rest[:200])
        return [first[0][0]] if first else None
    if rest.startswith(b"["):
        close = rest.find(b"]")
        if close < 0:
            return None
        inside = rest[1:close]
        if _NAME.sub(b"", inside).strip():
            return None  # something other than names in the array
        return [name for name, _ in _names(inside)]
    return None


def _runs_on_open(chunk: bytes) -> bool:
    """/OpenAction as an action dictionary (inline, or the object it refers to) that does
    anything but go to a page: a destination array, the common case, is fine."""
    for name, end in _names(chunk):
        if name != b"OpenAction":
            continue
        rest = chunk[end : end + 400].lstrip()
        target = re.match(rb"(\d+)\s+(\d+)\s+R", rest)
        if target is not None:
            found = re.search(target[1] + rb"\s+" + target[2] + rb"\s+obj\b", chunk)
            rest = chunk[found.end() : found.end() + 400].lstrip() if found else b""
        if rest.startswith(b"<<") and _action_type(rest) not in (None, b"GoTo"):
            return True
    return False


def _action_type(rest: bytes) -> bytes | None:
    names = _names(rest[: rest.find(b">>") if b">>" in rest else len(rest)])
    for (name, _), (value, _) in zip(names, names[1:], strict=False):
        if name == b"S":
            return value
    return None


def _inflated_streams(data: bytes) -> tuple[list[bytes], bool]:
    """Every stream's content inflated (as zlib or raw deflate), and what that holds inflated
    again, to INFLATE_DEPTH levels. Pictures are skipped (their pixels run nothing, and a
    scan's pages would use up the budget); a stream that is not deflate gives nothing. The
    flag says the PDF cannot be vouched for: a predictor where there should be none (see
    _kind), or more than INFLATE_LIMIT bytes to read."""
    found: list[bytes] = []
    budget = INFLATE_LIMIT
    for match in _STREAM.finditer(data):
        kind, predictor = _kind(_dictionary(data, match.start()))
        if kind == b"Image":
            continue
        if predictor and kind != b"XRef":
            # A PNG predictor scrambles the inflated bytes row by row, so names in them would
            # not be seen; only pictures and cross-reference tables have a reason to use one.
            return found, True
        raw = match[1]
        for _ in range(INFLATE_DEPTH):
            inflated = _inflate(raw, budget + 1)
            if not inflated:
                break
            budget -= len(inflated)
            if budget < 0:
                return found, True
            found.append(inflated)
            raw = inflated
    return found, False


def _inflate(raw: bytes, limit: int) -> bytes:
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # zlib, then raw deflate (no header)
        try:
            return zlib.decompressobj(wbits).decompress(raw, limit)
        except zlib.error:
            continue
    return b""


def _dictionary(data: bytes, stream_at: int) -> bytes | None:
    """The stream's dictionary, from its object header to the stream keyword; None when what
    is there is not plainly one (a header faked inside a string, unbalanced brackets)."""
    window = max(0, stream_at - 4096)
    headers = list(_OBJECT_HEADER.finditer(data, window, stream_at))
    if not headers:
        return None
    text = data[headers[-1].end() : stream_at].strip()
    unescaped = re.sub(rb"\\.", b"", text)
    if not text.startswith(b"<<") or unescaped.count(b"(") != unescaped.count(b")"):
        return None
    return text


def _kind(dictionary: bytes | None) -> tuple[bytes | None, bool]:
    """b"Image", b"XRef" or None (looked into); and whether it asks for a predictor."""
    if dictionary is None:
        return None, True  # unknown: looked into, and no predictor allowed
    names = [name for name, _ in _names(dictionary)]
    predictor = any(int(m[1]) > 1 for m in _PREDICTOR.finditer(dictionary))
    if b"ObjStm" in names:
        return None, predictor
    pairs = set(zip(names, names[1:], strict=False))
    if (b"Subtype", b"Image") in pairs:
        return b"Image", predictor
    return (b"XRef" if (b"Type", b"XRef") in pairs else None), predictor


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
