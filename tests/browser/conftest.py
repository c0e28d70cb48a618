"""Real browser tests: a live ASGI server (HTTP and WebSockets) and Debian's Chromium.

The server is uvicorn in a thread of the test process, so it shares the test database (a file
for SQLite) and the locmem mailbox. Browser tests must use committed data (transactional_db).
Chromium is Debian's, driven by Playwright through `executable_path`; `playwright install` is
never run. Without Chromium the tests skip loudly, except on CI where they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest
import uvicorn
from django.conf import settings

from engage.embedded_redis import free_port
from tests import quiescence
from tests.conftest import signed_in

# Playwright's sync API keeps an event loop in the test thread; the ORM calls our tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class LiveServer(threading.Thread):
    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        from engage.asgi import application

        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ws="websockets-sansio",
        )
        self.server = uvicorn.Server(config)

    def run(self) -> None:
        self.server.run()


@pytest.fixture(scope="session")
def live_server_url(django_db_setup) -> str:
    port = free_port()
    thread = LiveServer(port)
    thread.start()
    quiescence.live_servers.append(thread.server)
    deadline = time.monotonic() + 20
    while not thread.server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live ASGI server did not start")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    # The socket Origin check compares scheme, host and port exactly (engage/origins.py).
    from django.conf import settings

    settings.WEBSOCKET_ALLOWED_ORIGINS = [*settings.WEBSOCKET_ALLOWED_ORIGINS, url]
    yield url
    thread.server.should_exit = True
    thread.join(10)
    quiescence.live_servers.remove(thread.server)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            "BROWSER TESTS SKIPPED: Debian's Chromium is not installed. "
            "Install it with `sudo apt-get install chromium` to run them."
        )
        if os.environ.get("CI"):
            pytest.fail(message.replace("SKIPPED", "CANNOT RUN ON CI"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, live_server_url: str, **options):
    """A page in its own context (its own cookies), recording script and sub-resource errors."""
    context = browser.new_context(base_url=live_server_url, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.live_server_url = live_server_url
    page.console_errors = []
    # Sub-resources (CSS, JS, icons) must load; the page itself may be a deliberate 4xx/5xx.
    page.on(
        "console",
        lambda m: m.type == "error"
        and not m.text.startswith("Failed to load resource")
        and page.console_errors.append(m.text),
    )
    page.on(
        "response",
        lambda r: r.status >= 400
        and r.request.resource_type != "document"
        and page.console_errors.append(f"{r.status} {r.url}"),
    )
    return page


@pytest.fixture
def page(browser, live_server_url, transactional_db):
    page = open_page(browser, live_server_url)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser, live_server_url, transactional_db):
    """Open more pages, each a separate person (context); all closed at the end."""
    pages = []

    def make():
        pages.append(open_page(browser, live_server_url))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def no_js_page(browser, live_server_url, transactional_db):
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def sign_in(page, user, *, two_factor: bool = False, danger_answered: bool = True) -> None:
    """Give the browser a session for `user` (the sign-in form itself is tested elsewhere);
    danger_answered as in tests.conftest.signed_in."""
    cookie = (
        signed_in(user, two_factor=two_factor, danger_answered=danger_answered)
        .cookies[settings.SESSION_COOKIE_NAME]
        .value
    )
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.live_server_url}]
    )
