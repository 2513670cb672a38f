"""Screenshots of the public pages at desktop and phone widths, to look at after changing a page.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 [out-dir]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "event": "/events/conference-justice-for-1988-massacre-victims-2020-09-10/",
    "petition": "/petitions/independent-inquiry-1988-massacre/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main(base_url, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for device, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path)
                target = out_dir / f"{name}-{device}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots"))
