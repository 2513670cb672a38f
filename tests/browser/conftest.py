import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The one Chromium of the test session. Folders outside tests/browser use these fixtures by importing
# them into their own conftest.py, and pytest then holds one "session" fixture per folder: Playwright's
# sync API allows one running instance per thread, so every such fixture shares the first one started.
SHARED = {}


@pytest.fixture(scope="session")
def browser():
    if "browser" in SHARED:
        yield SHARED["browser"]
        return
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
    # it are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        SHARED["browser"] = browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            SHARED.pop("browser", None)
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
