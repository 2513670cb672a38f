"""Staff edit both languages of an event side by side, through the admin's own form, and the admin
speaks Persian to those who choose it."""

import html

import pytest
from django.urls import reverse

from events.models import Event

pytestmark = pytest.mark.django_db


def form_data(client, url):
    """What the admin's own form would post back unchanged, inlines left as they are."""
    response = client.get(url)
    data = {}
    for form in [response.context["adminform"].form] + [
        form for formset in response.context["inline_admin_formsets"] for form in formset.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else value
            if form.fields[name].show_hidden_initial:  # as the browser posts it (fields with a callable default)
                data[form.add_initial_prefix(name)] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return response, data


def test_the_event_form_holds_each_languages_version_side_by_side(editor_client, demo_event):
    url = reverse("admin:events_event_change", args=[demo_event.pk])
    response, data = form_data(editor_client, url)
    page = response.content.decode()
    # One row per field, each language's box beside the other's, typed in its own direction.
    assert 'class="form-row field-title_en_gb field-title_fa"' in page
    assert 'name="title_fa"' in page and 'lang="fa" dir="rtl"' in page
    assert "Title (English):" in page and "Title (Persian):" in page

    data.update(
        {
            "title_en_gb": "Conference on the 1988 massacre",
            "title_fa": "همایش دربارهٔ قتل‌عام ۱۳۶۷",
            "summary_fa": "خلاصهٔ تازه",
            "starts_at_0": "10/09/2020",
            "starts_at_1": "00:00:00",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    event = Event.objects.get(pk=demo_event.pk)
    assert (event.title_en_gb, event.title_fa, event.summary_fa) == (
        "Conference on the 1988 massacre",
        "همایش دربارهٔ قتل‌عام ۱۳۶۷",
        "خلاصهٔ تازه",
    )
    # Each version goes to its own readers.
    path = event.get_absolute_url()
    assert "همایش دربارهٔ قتل‌عام ۱۳۶۷" in editor_client.get(f"/fa{path}").content.decode()
    assert "Conference on the 1988 massacre" in editor_client.get(path).content.decode()
    # The inlines came back untouched: every participant and statement is still there.
    assert event.participants.count() == 23 and event.statements.count() == 12


def test_a_line_break_in_a_persian_title_is_refused(editor_client, demo_event):
    url = reverse("admin:events_event_change", args=[demo_event.pk])
    _, data = form_data(editor_client, url)
    data.update({"title_fa": "همایش\r\nBcc: x@example.org", "starts_at_0": "10/09/2020", "starts_at_1": "00:00:00"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "line breaks are not allowed" in response.content.decode()


def test_the_persian_admin_names_our_models_fields_and_choices_in_persian(editor_client, demo_event):
    url = reverse("admin:events_event_change", args=[demo_event.pk])
    page = html.unescape(editor_client.get(f"/fa{url}").content.decode())
    assert "عنوان (فارسی):" in page and "عنوان (انگلیسی):" in page
    assert "منتشرشده" in page  # the status choice
    assert "فراخوان رویداد، به شکل تیتر یک بیانیهٔ مطبوعاتی." in page  # a help text
    index = html.unescape(editor_client.get("/fa/admin/").content.decode())
    assert "رویدادها" in index and "دادخواست‌ها" in index and "توصیه‌ها" in index
