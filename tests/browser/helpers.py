"""axe-core (offline, from the axe-playwright-python wheel) and keyboard helpers."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))}))",
        WCAG_TAGS,
    )


def assert_accessible(page) -> None:
    """0 axe violations for WCAG 2.0/2.1/2.2 A and AA, and no script or CSP errors."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    errors = [e for e in getattr(page, "console_errors", []) if "WebSocket" not in e]
    assert errors == [], f"{page.url}: console errors {errors}"


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab from the top of the page until `selector` has focus, as a keyboard user would."""
    # The focus test runs in Playwright's own script world, so it works on pages with
    # JavaScript switched off too (a main-world evaluate never returns there).
    focused_target = page.locator(selector).first.and_(page.locator(":focus"))
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_target.count():
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab on {page.url}")
