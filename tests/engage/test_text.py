"""render_markdown against third-party attack corpora (tests/corpora) and residents' expectations.

The allowlist below is this file's own copy, not an import: widening engage.text's allowlist must
break a test here, on purpose.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import bleach
import pytest

from engage import text
from engage.text import render_markdown

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
ATTRIBUTES = {"a": {"href", "title", "rel"}}
SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")  # browsers drop these in or around a scheme
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


class _Audit(HTMLParser):
    """Re-parses output: `problems` lists anything outside the allowlist; `text` is what shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name not in ATTRIBUTES.get(tag, ()):
                self.problems.append(f"attribute {name}= on <{tag}>")
            if name == "href":  # HTMLParser has already decoded entities in `value`
                scheme = _SCHEME.match(_INVISIBLE.sub("", value or "").lower())
                if scheme and scheme.group(1) not in SCHEMES:
                    self.problems.append(f"href scheme {scheme.group(1)}:")
        if tag == "a":
            self.links.append({name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag not in TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:  # also <!DOCTYPE>, <?pi>, <![CDATA[ below
        self.problems.append(f"comment or declaration {data[:20]!r}")

    handle_decl = handle_pi = unknown_decl = handle_comment


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser


def _lines(path: Path) -> list[str]:
    return [line.rstrip("\r") for line in path.read_text("utf-8").split("\n") if line.strip()]


@cache
def xss_corpus() -> tuple[str, ...]:
    """Every XSS payload and sanitizer-test input, deduplicated, in a stable order."""
    strings = _lines(CORPORA / "xss/payloadbox/xss-payload-list.txt")
    for path in sorted((CORPORA / "xss/payloadsallthethings").glob("*.txt")):
        strings += _lines(path)
    for path in sorted((CORPORA / "sanitizer/bleach/data").glob("*.test")):
        strings.append(path.read_text("utf-8").split("\n--\n")[0])
    cases = json.loads((CORPORA / "sanitizer/html5lib/sanitizer-tests1.dat").read_text("utf-8"))
    strings += [case["input"] for case in cases]
    # Raw HTML is escaped by the Markdown renderer, so also aim each URL-ish payload at the two
    # Markdown constructs that do make an href: an inline link and an autolink.
    strings += [form.format(s) for s in list(strings) if ":" in s for form in ("[x]({})", "<{}>")]
    return tuple(dict.fromkeys(strings))


@cache
def rendered_xss_corpus() -> tuple[tuple[str, str], ...]:
    return tuple((source, render_markdown(source)) for source in xss_corpus())


def _report(failures: list[str], total: int) -> str:
    return f"{len(failures)} of {total} failed; first 10:\n" + "\n".join(failures[:10])


def _cut(value: str, limit: int = 160) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


def test_the_xss_corpora_were_really_loaded() -> None:
    assert len(_lines(CORPORA / "xss/payloadbox/xss-payload-list.txt")) >= 6_500
    assert len(xss_corpus()) >= 9_000


def test_no_xss_payload_yields_markup_outside_the_allowlist() -> None:
    failures = []
    for source, html in rendered_xss_corpus():
        if problems := audit(html).problems:
            failures.append(f"{sorted(set(problems))}: {_cut(source)} -> {_cut(html)}")
    assert not failures, _report(failures, len(xss_corpus()))


def reclean(html: str) -> str:
    """A second pass of the same sanitiser engage.text uses, with its own allowlist."""
    return bleach.clean(
        html,
        tags=text.ALLOWED_TAGS,
        attributes=text.ALLOWED_ATTRIBUTES,
        protocols=text.ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def test_cleaning_the_output_again_changes_nothing() -> None:
    failures = [
        f"{_cut(source)} -> {_cut(html)} -> {_cut(again)}"
        for source, html in rendered_xss_corpus()
        if (again := reclean(html)) != html
    ]
    assert not failures, _report(failures, len(xss_corpus()))


def test_naughty_strings_never_raise_and_never_yield_markup_outside_the_allowlist() -> None:
    strings = json.loads((CORPORA / "blns/blns.json").read_text("utf-8"))
    assert len(strings) >= 500
    failures = []
    for source in strings:
        try:
            html = render_markdown(source)
        except Exception as error:  # noqa: BLE001 - any exception is the failure being collected
            failures.append(f"raised {error!r}: {_cut(source)}")
            continue
        if problems := audit(html).problems:
            failures.append(f"{sorted(set(problems))}: {_cut(source)} -> {_cut(html)}")
    assert not failures, _report(failures, len(strings))


def test_double_asterisks_make_strong_text() -> None:
    assert render_markdown("**bold**") == "<p><strong>bold</strong></p>"


def test_a_bare_url_becomes_a_link_marked_nofollow_ugc_and_noopener() -> None:
    [link] = audit(render_markdown("see https://example.com/a?b=1&c=2 now")).links
    assert link["href"] == "https://example.com/a?b=1&c=2"
    assert {"nofollow", "ugc", "noopener"} <= set(link["rel"].split())


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[x]",
        "[x](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
    ],
)
def test_a_javascript_url_is_not_a_link(source: str) -> None:
    assert audit(render_markdown(source)).links == []


@pytest.mark.parametrize(
    "source",
    [
        "<b>hi</b>",
        '<a href="http://example.com">x</a>',
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
    ],
)
def test_raw_html_typed_by_a_resident_is_shown_as_the_text_they_typed(source: str) -> None:
    parsed = audit(render_markdown(source))  # a URL in the typed text may still be linkified
    assert parsed.problems == []
    assert "".join(parsed.text) == source


def test_a_script_tag_is_shown_as_inert_text() -> None:
    html = render_markdown("<script>alert(1)</script>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    "source",
    [
        "# Heading",
        "###### Heading",
        "Heading\n=======",
        "Heading\n-------",
        "![alt](https://example.com/a.png)",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "---",
        "***",
    ],
)
def test_headings_images_tables_and_rules_are_not_rendered_as_such(source: str) -> None:
    html = render_markdown(source)
    assert audit(html).problems == []
    assert not re.search(r"<(h[1-6]|img|table|hr)\b", html)


def test_a_setext_heading_is_shown_as_the_paragraph_the_resident_typed() -> None:
    assert render_markdown("Heading\n=======") == "<p>Heading\n=======</p>"


def test_mailto_links_are_allowed() -> None:
    [link] = audit(render_markdown("[write to us](mailto:team@example.com)")).links
    assert link["href"] == "mailto:team@example.com"


@pytest.mark.parametrize(
    "source",
    [
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg)",
        "<data:text/html,<script>alert(1)</script>>",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_a_data_url_is_not_a_link(source: str) -> None:
    assert audit(render_markdown(source)).links == []


@pytest.mark.parametrize(
    "source",
    [
        '<a hx-get="/admin" data-x="1">y</a>',
        '[x](https://example.com "t" hx-post=/x data-y=1)',
        '<p hx-trigger="load" hx-get="/x" data-hx="1">',
    ],
)
def test_htmx_and_data_attributes_never_appear(source: str) -> None:
    html = render_markdown(source)
    assert not re.search(r"<[^>]*\s(hx-|data-)", html)
    assert audit(html).problems == []


CODE = "```\n<b>x</b> & https://example.com\n```\n\nand `<i>https://example.com</i>`"


def test_code_blocks_keep_their_content_escaped_and_unlinked() -> None:
    parsed = audit(render_markdown(CODE))
    assert parsed.problems == [] and parsed.links == []


def test_code_shows_exactly_what_the_resident_typed() -> None:
    shown = "".join(audit(render_markdown(CODE)).text)
    assert "<b>x</b> & https://example.com" in shown and "<i>https://example.com</i>" in shown
