"""One data tree, two formats, as GeoReport v2 says.

XML: `<?xml version="1.0" encoding="utf-8"?>`, no namespace; a list is its element with one
child per item, named by LIST_ITEMS (`services` -> `service`, `service_requests` -> `request`);
booleans are the strings `true`/`false`; a field whose value is None is left out (the spec's
"may be absent"). JSON (the spec's "Spark convention"): the root element is dropped, so a list
root is a bare array, even of one request or a POST answer; discovery and a service definition
are objects. Errors: `errors` -> `error` with `code` and `description`, HTTP 400/403/404.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


# Characters XML 1.0 cannot carry at all (escaping does not help): a stray control character
# typed into a concern must not make the whole answer unparseable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            if child is not None:
                _fill(ET.SubElement(element, key), child)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        name = LIST_ITEMS.get(element.tag, element.tag.removesuffix("s"))
        for item in value:
            _fill(ET.SubElement(element, name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, tree: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, tree)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _without_none(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _without_none(child) for key, child in value.items() if child is not None}
    if isinstance(value, list | tuple):
        return [_without_none(item) for item in value]
    return value


def respond(fmt: str, root: str, tree: Any, *, status: int = 200) -> HttpResponse:
    """`tree` as `fmt` ("xml" or "json") under the XML root element `root`."""
    if fmt == "xml":
        body = to_xml(root, tree)
    else:
        body = json.dumps(_without_none(tree), ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


class Open311Error(Exception):
    """A refusal in the spec's shape: the HTTP status and one or more descriptions."""

    def __init__(self, status: int, *descriptions: str, code: int | None = None) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.code = code or status
        self.descriptions = descriptions


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    errors = [{"code": error.code, "description": text} for text in error.descriptions]
    response = respond(fmt, "errors", errors, status=error.status)
    if error.status == 429:
        response["Retry-After"] = "3600"
    return response


def w3c(moment: Any) -> str | None:
    """A W3C datetime with its offset, to the second: 2026-05-01T09:30:00+01:00."""
    return moment.isoformat(timespec="seconds") if moment else None
