"""Screenshots of the public pages and the confirmation mail at desktop and phone widths, in one
language, to look at after changing a page.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 [out-dir] [--language fa]

The pages come from the server at the address given; the mail is built here, by the app itself
(so run this with the server's DATABASE_URL), for a made-up signer of the demo petition.
"""

import argparse
import os
import sys
import uuid
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "event": "/events/conference-justice-for-1988-massacre-victims-2020-09-10/",
    "petition": "/petitions/independent-inquiry-1988-massacre/",
}
PETITION_SLUG = "independent-inquiry-1988-massacre"
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def confirmation_mail_html(language):
    """The HTML part of the confirmation mail, built by the app in `language`."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.utils import translation

    from petitions.mail import confirmation_message
    from petitions.models import Petition, Signature

    petition = Petition.objects.get(slug=PETITION_SLUG)
    signer = Signature(petition=petition, name="Maryam Ahmadi", email="maryam@example.org", public_id=uuid.uuid4())
    with translation.override(language):
        return confirmation_message(signer, to_email=signer.email).alternatives[0][0]


def main(base_url, out_dir, language):
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = "" if language == "en-gb" else f"/{language}"
    mail_html = confirmation_mail_html(language)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for device, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + prefix + path)
                target = out_dir / f"{name}-{language}-{device}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.set_content(mail_html)
            target = out_dir / f"confirmation-mail-{language}-{device}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("out_dir", nargs="?", default="var/screenshots", type=Path)
    parser.add_argument("--language", default="en-gb", help="a code from settings.LANGUAGES: en-gb (default) or fa")
    arguments = parser.parse_args()
    main(arguments.base_url, arguments.out_dir, arguments.language)
