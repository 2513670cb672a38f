"""What staff wrote, in the reader's language: the page's own version when it is written, else the
original with a short note, never an empty block, in the same number of queries."""

import html

import pytest

from events.models import Event, Participant, Statement
from petitions.models import Petition
from recommendations.models import Recommendation

from .test_event_page import count_queries

pytestmark = pytest.mark.django_db

NOTE_IN_PERSIAN = "این متن هنوز به فارسی در دسترس نیست؛ متن اصلی به انگلیسی در ادامه آمده است."
NOTE_IN_ENGLISH = "This text is not yet available in English; the Persian original follows."


def page(client, url):
    # A /fa/ page leaves Persian active in this thread: addresses are taken before any request.
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def translate_event(event):
    Event.objects.filter(pk=event.pk).update(
        title_fa="همایش: دادخواهی برای قربانیان قتل‌عام ۱۳۶۷",
        headline_fa="تمدید تحریم تسلیحاتی",
        summary_fa="نمایندگان پارلمان از همهٔ احزاب گرد هم آمدند.",
        body_fa="سخنرانان بر پاسخ‌گویی تأکید کردند.",
    )


def test_a_persian_page_shows_the_persian_version_without_a_note(client, demo_event):
    translate_event(demo_event)
    path = demo_event.get_absolute_url()
    persian = page(client, f"/fa{path}")
    assert (
        '<h1 id="event-title" class="display-6 fw-semibold">همایش: دادخواهی برای قربانیان قتل‌عام ۱۳۶۷</h1>' in persian
    )
    assert "نمایندگان پارلمان از همهٔ احزاب گرد هم آمدند." in persian
    assert "<p>سخنرانان بر پاسخ‌گویی تأکید کردند.</p>" in persian
    assert "translation-note" not in persian.split("<h2")[0]  # none for the event itself
    # The English page is unchanged.
    english = page(client, path)
    assert "Conference: justice for the victims of the 1988 massacre in Iran" in english
    assert "همایش" not in english and "translation-note" not in english


def test_a_persian_page_without_a_translation_shows_the_original_with_a_note(client, demo_event):
    Event.objects.filter(pk=demo_event.pk).update(title_fa=None, headline_fa="", summary_fa=None, body_fa=None)
    persian = page(client, f"/fa{demo_event.get_absolute_url()}")
    assert persian.count(NOTE_IN_PERSIAN) >= 1
    # The original is there, marked as English so that it reads left to right.
    assert (
        '<h1 id="event-title" class="display-6 fw-semibold" lang="en-gb" dir="ltr">'
        "Conference: justice for the victims of the 1988 massacre in Iran</h1>"
    ) in persian
    assert '<p class="lead" lang="en-gb" dir="ltr">Cross-party MPs and Peers took part' in persian
    assert "Speakers agreed that the massacre of 30,000 political prisoners" in persian
    assert persian.index(NOTE_IN_PERSIAN) < persian.index('<h1 id="event-title"')


def test_a_version_written_only_in_persian_shows_on_english_pages_with_a_note(client, demo_event):
    Event.objects.filter(pk=demo_event.pk).update(
        title_en_gb="", title_fa="همایش تازه", summary_en_gb="", summary_fa="خلاصه", body_en_gb="", body_fa="متن"
    )
    english = page(client, demo_event.get_absolute_url())
    assert NOTE_IN_ENGLISH in english
    assert '<h1 id="event-title" class="display-6 fw-semibold" lang="fa" dir="rtl">همایش تازه</h1>' in english
    assert '<p class="lead" lang="fa" dir="rtl">خلاصه</p>' in english


def test_a_statement_in_persian_is_quoted_in_persian_and_translated_on_english_pages(client, demo_event):
    participant = Participant.objects.filter(event=demo_event, role="speaker").first()
    Statement.objects.create(
        event=demo_event,
        participant=participant,
        language="fa",
        text="برادرم را در تابستان ۶۷ اعدام کردند.",
        translation_en_gb="They executed my brother in the summer of 1988.",
        order=99,
    )
    path = demo_event.get_absolute_url()
    english = page(client, path)
    assert '<p class="mb-0">“They executed my brother in the summer of 1988.”</p>' in english
    assert "The words as spoken, in Persian" in english
    assert '<p class="mb-0" lang="fa" dir="rtl">“برادرم را در تابستان ۶۷ اعدام کردند.”</p>' in english
    persian = page(client, f"/fa{path}")
    assert '<p class="mb-0">«برادرم را در تابستان ۶۷ اعدام کردند.»</p>' in persian
    assert "They executed my brother" not in persian


def test_a_statement_not_yet_translated_is_quoted_as_spoken_with_a_note(client, demo_event):
    participant = Participant.objects.filter(event=demo_event, role="speaker").first()
    Statement.objects.create(
        event=demo_event, participant=participant, language="fa", text="عدالت برای قربانیان", order=99
    )
    english = page(client, demo_event.get_absolute_url())
    quote = english.index("عدالت برای قربانیان")
    assert english.rfind(NOTE_IN_ENGLISH, 0, quote) > english.rfind("<blockquote", 0, quote)
    assert '<p class="mb-0" lang="fa" dir="rtl">“عدالت برای قربانیان”</p>' in english


def test_petition_and_recommendations_fall_back_with_a_note(client, demo_event):
    path = Petition.objects.get(slug="independent-inquiry-1988-massacre").get_absolute_url()
    Petition.objects.update(title_fa=None, text_fa="", background_fa=None)  # the demo's Persian taken off
    Recommendation.objects.update(title_fa=None, call_to_action_fa=None)
    persian = page(client, f"/fa{path}")
    assert NOTE_IN_PERSIAN in persian
    assert "We call on the UK Government to publicly recognise" in persian
    Petition.objects.filter(slug="independent-inquiry-1988-massacre").update(
        title_fa="عدالت برای قربانیان", text_fa="ما می‌خواهیم", background_fa="پیشینه"
    )
    Recommendation.objects.update(title_fa="توصیه", call_to_action_fa="درخواست")
    persian = page(client, f"/fa{path}")
    assert NOTE_IN_PERSIAN not in persian
    assert "عدالت برای قربانیان" in persian and "We call on the UK Government" not in persian


def test_persian_pages_take_as_many_queries_as_english_ones(client, demo_event):
    translate_event(demo_event)
    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    for url in ["/", demo_event.get_absolute_url(), petition.get_absolute_url()]:  # taken in English
        assert count_queries(client, f"/fa{url}") == count_queries(client, url), url
