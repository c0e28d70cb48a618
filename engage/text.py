"""The only import of bleach: resident Markdown -> clean, linkified HTML, once, at write time.

Pipeline: markdown-it-py with raw HTML off (so typed tags come out escaped), then bleach's
allowlist (belt and braces: nothing outside it survives even if the renderer changes), then
bleach's linkify adding rel="nofollow ugc noopener". The allowlist deliberately has no svg, math
or raw-text elements (style, noscript, textarea...): every known bleach/ammonia mXSS needs one.
Callers store the source and the cooked HTML side by side; templates mark only the cooked field
safe.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator, MutableMapping
from functools import partial
from typing import Any
from urllib.parse import quote

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "heading", "lheading", "table", "hr"], ignoreInvalid=True)


def _set_rel(
    attrs: MutableMapping[tuple[str | None, str], str], new: bool = False
) -> MutableMapping[tuple[str | None, str], str]:
    href = attrs.get((None, "href"), "")
    if not href.startswith("mailto:"):
        attrs[(None, "rel")] = LINK_REL
    return attrs


# A bleach Cleaner keeps parser state between calls and is not thread-safe (16 threads cleaning
# at once fail with "list.remove(x): x not in list"): each thread builds its own, once.
_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    if not hasattr(_local, "markdown"):
        # One pass: clean and linkify together. Linkifying as a second pass re-escaped the text
        # inside pre/code, so a resident who typed `<b>` saw `&lt;b&gt;`.
        _local.markdown = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[
                partial(
                    LinkifyFilter,
                    callbacks=[_set_rel],
                    skip_tags={"pre", "code"},
                    parse_email=False,
                )
            ],
        )
    return _local.markdown


def _x_cleaner() -> bleach.Cleaner:
    if not hasattr(_local, "x"):
        _local.x = bleach.Cleaner(
            tags={"a", "br"},
            attributes={"a": ["href", "rel"]},
            protocols={"http", "https"},
            strip=True,
            strip_comments=True,
        )
    return _local.x


def render_markdown(source: str) -> str:
    """Turn a resident's Markdown into HTML that is safe to mark safe in a template."""
    return _cleaner().clean(_markdown.render(source or "")).strip()


# --- X posts ------------------------------------------------------------------------------------
# X sends a post's text with &, < and > already escaped, and its links, mentions and hashtags as
# entities with code-point offsets into that text. The text between entities is unescaped then
# escaped again (so nothing X sends can become markup), entities become links we build, and the
# result still goes through an allowlist of just <a href rel> and <br>.
X_LINK_REL = "nofollow noopener"


def render_x_post(text: str, entities: dict | None) -> str:
    """A post's text and entities (X API v2 shape) as safe HTML: links show their display
    form and go to the expanded address; @mentions and #hashtags link to X; the trailing
    t.co link X adds for attached media is dropped (the media are shown separately)."""
    spans = sorted(_x_spans(entities or {}), key=lambda span: span[0])
    out, position = [], 0
    for start, end, markup in spans:
        if start < position or end > len(text):
            continue  # overlapping or out of range: keep the text as text
        out.append(_x_plain(text[position:start]))
        out.append(markup)
        position = end
    out.append(_x_plain(text[position:]))
    return _x_cleaner().clean("".join(out).strip()).replace("\n", "<br>")


def _x_plain(fragment: str) -> str:
    return html.escape(html.unescape(fragment), quote=False)


def _x_link(href: str, label: str) -> str:
    return f'<a href="{html.escape(href)}" rel="{X_LINK_REL}">{html.escape(label)}</a>'


def _x_spans(entities: dict[str, Any]) -> Iterator[tuple[int, int, str]]:
    for item in entities.get("urls", []):
        if item.get("media_key"):
            yield item["start"], item["end"], ""
            continue
        href = item.get("unwound_url") or item.get("expanded_url") or item.get("url", "")
        if href.startswith("https://") or href.startswith("http://"):
            yield item["start"], item["end"], _x_link(href, item.get("display_url") or href)
    for item in entities.get("mentions", []):
        name = item.get("username", "")
        yield item["start"], item["end"], _x_link(f"https://x.com/{quote(name)}", f"@{name}")
    for item in entities.get("hashtags", []):
        tag = item.get("tag", "")
        yield item["start"], item["end"], _x_link(f"https://x.com/hashtag/{quote(tag)}", f"#{tag}")
    for item in entities.get("cashtags", []):
        tag = item.get("tag", "")
        yield (
            item["start"],
            item["end"],
            _x_link(f"https://x.com/search?q=%24{quote(tag)}", f"${tag}"),
        )
