"""The petition widget on another site: a page served by a second local server (another origin)
embeds it; a signer signs from it, finishes on our site in a new tab, confirms from the mail a real
worker sent, and the widget's count goes up. axe checks the widget and the API's docs page."""

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from campaign.demo import load_demo_data
from petitions.models import Petition, Signature
from petitions.widget import widget_snippet

from .test_accessibility import axe_context, serious_violations  # noqa: F401  (a fixture and a helper)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "independent-inquiry-1988-massacre"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def partner_site(tmp_path):
    """A partner's website on its own origin: `publish(name, html)` writes a page there and gives its URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    origin = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(origin + "/", timeout=1)  # noqa: S310  (our own local server)
            break
        except OSError:
            time.sleep(0.1)

    def publish(name, snippet):
        (tmp_path / name).write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner news</title></head>'
            f"<body><h1>Partner news</h1><p>Read and sign:</p>{snippet}</body></html>",
            encoding="utf-8",
        )
        return f"{origin}/{name}"

    yield publish
    server.terminate()
    server.wait(timeout=5)


def widget_count(frame):
    return int(frame.locator(".signature-count").inner_text().replace(",", ""))


def test_a_signer_signs_from_the_widget_on_another_site(
    page, live_server, settings, smtp_server, confirmation_worker, partner_site
):
    load_demo_data()
    settings.SITE_URL = live_server.url
    petition = Petition.objects.get(slug=SLUG)
    partner_page = partner_site("petition.html", widget_snippet(petition, language="en-gb", with_form=True))
    assert not partner_page.startswith(live_server.url)

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(partner_page)
    widget = page.frame_locator("iframe")
    expect(widget.get_by_role("heading", name=petition.title)).to_be_visible()
    before = widget_count(widget)
    assert page.context.cookies() == []  # the widget set no cookie

    widget.get_by_label("Full name").fill("Grace Hopper")
    widget.get_by_label("Email address").fill("grace@example.org")
    widget.get_by_label("Country").select_option("GB")
    widget.get_by_label("Postcode").fill("SW1A 0AA")
    with page.context.expect_page() as opened:
        widget.get_by_role("button", name="Sign the petition").click()
    ours = opened.value
    expect(ours.get_by_role("heading", name="Check your email")).to_be_visible()
    assert ours.url.startswith(live_server.url + "/petitions/")
    assert Signature.objects.get(email="grace@example.org").status == "pending"

    (mail,) = smtp_server.collector.wait_for("grace@example.org")
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", mail.get_body(preferencelist=("plain",)).get_content())
    ours.goto(link.group(0))
    ours.get_by_role("button", name="Confirm my signature").click()
    expect(ours.get_by_role("heading", name="Thank you: your signature counts")).to_be_visible()

    # The widget may be kept a minute in a browser's cache (Cache-Control): a new visitor sees the new count.
    visitor = page.context.browser.new_context()
    try:
        later = visitor.new_page()
        later.goto(partner_page)
        expect(later.frame_locator("iframe").locator(".signature-count")).to_have_text(str(before + 1))
    finally:
        visitor.close()


def test_the_widget_button_opens_the_petition_page_in_a_new_tab(page, live_server, settings, partner_site):
    load_demo_data()
    settings.SITE_URL = live_server.url
    petition = Petition.objects.get(slug=SLUG)
    partner_page = partner_site("button.html", widget_snippet(petition, language="fa"))
    page.goto(partner_page)
    widget = page.frame_locator("iframe")
    with page.context.expect_page() as opened:
        widget.get_by_role("link", name=re.compile("امضای دادخواست")).click()
    ours = opened.value
    ours.wait_for_load_state()
    assert ours.url == f"{live_server.url}/fa/petitions/{SLUG}/#sign"
    expect(ours.locator("form[action$='/sign/']")).to_be_visible()


@pytest.mark.parametrize("language", ["en-gb", "fa"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_widget_and_the_api_docs_have_no_serious_accessibility_problem(axe_context, live_server, width, language):  # noqa: F811
    load_demo_data()
    prefix = "" if language == "en-gb" else f"/{language}"
    page = axe_context(width)
    found = {}
    for name, path in {
        "widget": f"/petitions/{SLUG}/widget/",
        "widget with form": f"/petitions/{SLUG}/widget/?form=1",
        "API docs": "/api/v1/docs/",
    }.items():
        page.goto(live_server.url + prefix + path)
        if name == "API docs":
            page.wait_for_selector(".swagger-ui .opblock")
        found[name] = serious_violations(page)
    problems = {name: lines for name, lines in found.items() if lines}
    assert not problems, "\n".join(f"{name}: {line}" for name, lines in problems.items() for line in lines)
