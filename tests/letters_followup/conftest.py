from tests.browser.conftest import browser, page  # noqa: F401 (the browser tests here use Chromium too)
