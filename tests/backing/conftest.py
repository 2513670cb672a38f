# The headless Chromium of the browser tests, for the cross-party pages' accessibility check.
from tests.browser.conftest import browser  # noqa: F401
