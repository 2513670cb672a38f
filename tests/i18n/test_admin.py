"""The admin in Persian (/fa/admin/): Django's own screens are translated by Django; ours, their
buttons, summaries and messages follow."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.outreach.factories import make_mailing, make_supporters

pytestmark = pytest.mark.django_db


def persian(path):
    return f"/fa{path}"


def test_the_mailing_page_in_persian(outreach_client):
    make_supporters(12)
    mailing = make_mailing()
    page = outreach_client.get(persian(reverse("admin:outreach_mailing_change", args=[mailing.pk]))).content.decode()
    assert '<html lang="fa" dir="rtl"' in page
    assert "اکنون ۱۲ گیرنده" in page  # the reach, in Persian digits
    for button in ("همین حالا بفرست…", "فرستادن نسخهٔ آزمایشی…", "ساختن رونوشت", "پیش‌نمایش"):
        assert button in page
    assert "Send now" not in page
    # The language switcher in the header goes to the same page in English.
    assert "/i18n/switch/en-gb/?next=" in page


def test_a_refused_transition_is_explained_in_persian(outreach_client):
    mailing = make_mailing()
    url = persian(reverse("admin:outreach_mailing_action", args=[mailing.pk, "resume"]))
    response = outreach_client.post(url, follow=True)
    assert "فقط ایمیل گروهیِ متوقف‌شده را می‌توان ادامه داد." in response.content.decode()


def test_the_preview_and_the_bulk_invalidation_pages_in_persian(outreach_client, editor_client):
    make_supporters(2)
    mailing = make_mailing()
    with translation.override("fa"):
        preview_url = reverse("admin:outreach_mailing_preview", args=[mailing.pk])
        invalidate_url = reverse("admin:petitions_signature_bulk_invalidate")
    assert preview_url.startswith("/fa/admin/")
    preview = outreach_client.get(preview_url).content.decode()
    assert "پیش‌نمایش برای گیرندهٔ دیگر:" in preview and "ساخته‌شده برای" in preview
    invalidate = editor_client.get(invalidate_url, {"email_domain": "spam.example", "mark_as": "fraudulent"})
    invalidate = invalidate.content.decode()
    assert "امضاشده از نشانی IP" in invalidate  # a form label
    assert "۰ امضا با شرط‌ها می‌خواند" in invalidate
