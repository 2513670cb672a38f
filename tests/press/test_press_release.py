"""The press release written from the record: what it carries, how staff edit and export it, and
who may."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from events.models import Participant, Statement
from people.models import Person
from press.models import PressOffice, PressRelease

PRESS_RELEASE = (Path(__file__).parents[1] / "data" / "conference-2020-09-10.txt").read_text()
QUOTES = [" ".join(quote.split()) for quote in re.findall(r"“([^”]+)”", PRESS_RELEASE)]


def url(name, event, language="en-gb"):
    return reverse(f"admin:press_release{name}", args=[event.pk, language])


def flat(text):
    return " ".join(text.split())


def docx_text(content):
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def assert_carries_the_whole_record(text, event):
    text = flat(text)
    assert len(QUOTES) == 12
    for quote in QUOTES:
        assert quote in text
    participants = list(event.participants.select_related("person"))
    assert len(participants) == 23
    for participant in participants:
        assert participant.person.full_name in text
        assert participant.spoke_as in text
    recommendations = list(event.recommendations.prefetch_related("addressed_to"))
    assert len(recommendations) == 9
    for recommendation in recommendations:
        assert flat(recommendation.title) in text
        assert flat(recommendation.call_to_action) in text
        for body in recommendation.addressed_to.all():
            assert body.name in text


def test_the_text_export_carries_every_participant_quote_and_recommendation(editor_client, demo_event):
    response = editor_client.get(url("_text", demo_event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert_carries_the_whole_record(text, demo_event)
    assert text.startswith("PRESS RELEASE\n\n" + demo_event.headline)
    assert "London, Thursday 10 September 2020 – Cross-party MPs and Peers" in text
    # Credited as the event page credits them, at their first quote.
    assert (
        "Rt Hon David Jones MP, Chair of the conference, summarising the speakers' recommendations, said: “today"
        in text
    )
    assert "Mrs Maryam Rajavi said: “The UN Security Council must send" in text
    assert "• Kirsty Brimelow QC (speaker): Human rights lawyer\n" in text
    for heading in ("Recommendations, and to whom", "Notes to editors", "Who took part", "Contact"):
        assert f"\n\n{heading}\n\n" in text
    assert "Former Secretary of State for Northern Ireland, UK Government" in text
    assert "\n\nBritish Committee for Iran Freedom" in text


def test_the_word_export_carries_every_participant_quote_and_recommendation(editor_client, demo_event):
    response = editor_client.get(url("_docx", demo_event))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    assert_carries_the_whole_record(docx_text(response.content), demo_event)
    styles = {paragraph.text: paragraph.style.name for paragraph in document.paragraphs}
    assert styles[demo_event.headline] == "Heading 1"
    assert styles["Notes to editors"] == "Heading 2"
    embargo = (
        "Extend the UN arms embargo on Iran: Extend the UN weapons embargo on Iran rather than let it lapse. "
        "(Addressed to: UK Government, UN Security Council, UN member states.)"
    )
    assert styles[embargo] == "List Bullet"


def test_the_persian_release_is_right_to_left_with_persian_dates(editor_client, demo_event):
    response = editor_client.get(url("_docx", demo_event, "fa"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = docx_text(response.content)
    assert "اطلاعیهٔ مطبوعاتی" in text
    assert demo_event.headline_fa in text
    assert "۲۰ شهریور ۱۳۹۹" in text
    assert "یادداشت برای سردبیران" in text
    # Names in Latin letters keep their direction inside Persian sentences (as <bdi> on the page).
    assert "\u2068Rt Hon David Jones MP\u2069، \u2068رئیس همایش\u2069، " in text
    # Every quote in its Persian translation, every participant by name.
    for statement in Statement.objects.filter(event=demo_event):
        assert flat(statement.translation_fa) in flat(text)
    for participant in demo_event.participants.select_related("person"):
        assert participant.person.full_name in text
        assert participant.spoke_as_fa in text
    for paragraph in document.paragraphs:
        assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        assert all(run.font.rtl for run in paragraph.runs), paragraph.text

    page = editor_client.get(url("", demo_event, "fa")).content.decode()
    assert 'lang="fa" dir="rtl"' in page


def test_the_english_release_is_left_to_right(editor_client, demo_event):
    document = Document(io.BytesIO(editor_client.get(url("_docx", demo_event)).content))
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in document.paragraphs)


def test_an_edited_draft_is_what_is_exported(editor_client, demo_event):
    page = editor_client.get(url("", demo_event))
    assert page.status_code == 200
    form = page.context["form"]
    text = form.initial["text"].replace("Also taking part:", "Also taking part, among others:")
    response = editor_client.post(
        url("", demo_event), {"action": "save", "headline": "Our own headline", "text": text.replace("\n", "\r\n")}
    )
    assert response.status_code == 302
    release = PressRelease.objects.get(event=demo_event, language="en-gb")
    assert release.is_edited

    exported = editor_client.get(url("_text", demo_event)).content.decode()
    assert "Our own headline" in exported and demo_event.headline not in exported
    assert "Also taking part, among others:" in exported
    assert "\r" not in exported
    assert "Our own headline" in docx_text(editor_client.get(url("_docx", demo_event)).content)
    # The other language's release is its own.
    assert "Our own headline" not in editor_client.get(url("_text", demo_event, "fa")).content.decode()


def test_regenerating_over_edits_asks_first(editor_client, demo_event):
    editor_client.post(url("", demo_event), {"action": "save", "headline": "Edited", "text": "Edited text."})
    asked = editor_client.post(url("", demo_event), {"action": "regenerate"})
    assert asked.status_code == 200
    assert "Yes, replace my edits" in asked.content.decode()
    assert PressRelease.objects.get(event=demo_event).headline == "Edited"

    done = editor_client.post(url("", demo_event), {"action": "regenerate", "discard_edits": "yes"})
    assert done.status_code == 302
    release = PressRelease.objects.get(event=demo_event)
    assert release.headline == demo_event.headline and not release.is_edited
    assert release.history.count() == 2


def test_regenerating_an_unedited_draft_picks_up_the_record(editor_client, demo_event):
    editor_client.post(url("", demo_event), {"action": "regenerate"})
    Statement.objects.filter(event=demo_event, order=1).update(text="A corrected quote.")
    assert editor_client.post(url("", demo_event), {"action": "regenerate"}).status_code == 302
    assert "“A corrected quote.”" in PressRelease.objects.get(event=demo_event).text


def test_the_release_comes_from_the_event_page_and_viewing_it_writes_nothing(editor_client, demo_event):
    change = editor_client.get(reverse("admin:events_event_change", args=[demo_event.pk])).content.decode()
    assert url("", demo_event) in change and url("", demo_event, "fa") in change
    assert "Press release (English)" in change
    assert editor_client.get(url("", demo_event)).status_code == 200
    assert not PressRelease.objects.exists()


@pytest.mark.parametrize("name", ["", "_text", "_docx"])
def test_staff_without_the_permission_are_refused(outreach_client, demo_event, name):
    assert outreach_client.get(url(name, demo_event)).status_code == 403


def test_the_event_page_offers_no_release_to_staff_without_the_permission(outreach_client, demo_event):
    change = outreach_client.get(reverse("admin:events_event_change", args=[demo_event.pk])).content.decode()
    assert url("", demo_event) not in change


@pytest.mark.parametrize("name", ["", "_text", "_docx"])
def test_people_who_are_not_staff_are_sent_to_log_in(client, django_user_model, demo_event, name):
    assert client.get(url(name, demo_event)).status_code == 302
    user = django_user_model.objects.create_user(username="supporter", password="x" * 20)
    client.force_login(user)
    response = client.get(url(name, demo_event))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_who_may_only_read_cannot_edit(django_user_model, demo_event):
    reader = django_user_model.objects.create_user(username="reader", password="x" * 20, is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    client = Client()
    client.force_login(reader)
    page = client.get(url("", demo_event))
    assert page.status_code == 200 and "Save the draft" not in page.content.decode()
    assert client.post(url("", demo_event), {"action": "save", "headline": "x", "text": "y"}).status_code == 403
    assert client.post(url("", demo_event), {"action": "regenerate"}).status_code == 403
    assert not PressRelease.objects.exists()


def test_a_participant_whose_name_is_withheld_is_never_named(editor_client, demo_event):
    witness = Person.objects.create(given_name="Secret", family_name="Witness", description="former prisoner")
    participant = Participant.objects.create(event=demo_event, person=witness, role="testimony", order=90)
    Statement.objects.create(event=demo_event, participant=participant, text="What I saw in Evin.", order=90)
    silent = Person.objects.create(given_name="Quiet", family_name="Relative")
    Participant.objects.create(event=demo_event, person=silent, role="testimony", order=91)
    for language in ("en-gb", "fa"):
        text = editor_client.get(url("_text", demo_event, language)).content.decode()
        docx = docx_text(editor_client.get(url("_docx", demo_event, language)).content)
        for exported in (text, docx):
            assert "Witness" not in exported and "Relative" not in exported and "former prisoner" not in exported
    text = editor_client.get(url("_text", demo_event)).content.decode()
    assert "A participant (name withheld) said: “What I saw in Evin.”" in text
    assert "1 other participant took part whose name is withheld." in text


def test_the_press_office_signs_the_release(editor_client, demo_event):
    PressOffice.objects.create(
        organisation=demo_event.campaign.organisation,
        contact_name="Press officer",
        email="press@example.org",
        phone="+44 20 7946 0000",
        about_en_gb="The committee is cross-party.",
        about_fa="این کمیته فراحزبی است.",
    )
    text = editor_client.get(url("_text", demo_event)).content.decode()
    assert text.rstrip().endswith(
        "Contact\n\nBritish Committee for Iran Freedom\nPress officer\npress@example.org\n+44 20 7946 0000"
    )
    assert "The committee is cross-party." in text
    assert "این کمیته فراحزبی است." in editor_client.get(url("_text", demo_event, "fa")).content.decode()


def test_an_unknown_language_or_event_is_not_found(editor_client, demo_event):
    assert editor_client.get(url("", demo_event, "de")).status_code == 404
    assert editor_client.get(reverse("admin:press_release", args=[999999, "en-gb"])).status_code == 404
