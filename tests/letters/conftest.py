from tests.browser.conftest import browser, page  # noqa: F401 (Chromium for test_browser.py)
