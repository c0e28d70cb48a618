"""The only import of bleach: resident Markdown -> clean, linkified HTML, once, at write time.

Pipeline: markdown-it-py with raw HTML off (so typed tags come out escaped), then bleach's
allowlist (belt and braces: nothing outside it survives even if the renderer changes), then
bleach's linkify adding rel="nofollow ugc noopener". The allowlist deliberately has no svg, math
or raw-text elements (style, noscript, textarea...): every known bleach/ammonia mXSS needs one.
Callers store the source and the cooked HTML side by side; templates mark only the cooked field
safe.
"""

from __future__ import annotations

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable(["image", "heading", "lheading", "table", "hr"], ignoreInvalid=True)
)


def _set_rel(attrs: dict, new: bool = False) -> dict:
    href = attrs.get((None, "href"), "")
    if not href.startswith("mailto:"):
        attrs[(None, "rel")] = LINK_REL
    return attrs


# One pass: clean and linkify together. Linkifying as a second pass re-escaped the text inside
# pre/code, so a resident who typed `<b>` saw `&lt;b&gt;`.
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"},
                     parse_email=False)],
)


def render_markdown(source: str) -> str:
    """Turn a resident's Markdown into HTML that is safe to mark safe in a template."""
    return _cleaner.clean(_markdown.render(source or "")).strip()
