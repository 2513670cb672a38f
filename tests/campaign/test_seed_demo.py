"""`seed_demo` records the press release of 10 September 2020 completely, and a second run changes nothing."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import Event, Participant, Statement
from people.models import Person
from recommendations.models import Recommendation

PRESS_RELEASE = (Path(__file__).parents[1] / "data" / "conference-2020-09-10.txt").read_text()
OUR_APPS = ["campaign", "people", "events", "recommendations", "petitions", "outreach"]


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def snapshot():
    """Every row of our apps, every field, including many-to-many links."""
    rows = {}
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
            for field in model._meta.many_to_many:
                rows[f"{model._meta.label}.{field.name}"] = list(
                    field.remote_field.through.objects.order_by("pk").values()
                )
    return rows


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert Person.objects.count() >= 23


def test_every_participant_of_the_press_release_is_there(demo_event):
    participants = Participant.objects.filter(event=demo_event).select_related("person")
    assert participants.count() == 23
    for participant in participants:
        # Each is named in the release by family name, and peers by their title.
        assert participant.person.family_name in PRESS_RELEASE
    chair = participants.get(role=Participant.Role.CHAIR).person
    assert chair.full_name == "Rt Hon David Jones MP"
    message = participants.get(role=Participant.Role.MESSAGE)
    assert message.person.full_name == "Mrs Maryam Rajavi"
    assert message.spoke_as == "NCRI President-elect"


def test_every_quote_is_transcribed_word_for_word(demo_event):
    quotes = re.findall(r"“([^”]+)”", PRESS_RELEASE)
    statements = [normalise(s.text) for s in Statement.objects.filter(event=demo_event)]
    assert len(statements) == len(quotes) == 12
    for quote in quotes:
        assert normalise(quote) in statements


def test_names_are_printed_as_the_press_release_prints_them(demo_event):
    full_names = {person.full_name for person in Person.objects.all()}
    for name in [
        "Rt Hon Sir Roger Gale MP",
        "Rt Hon Theresa Villiers MP",
        "Lord Maginnis of Drumglass",
        "Professor Sara Chandler QC (Hon)",
        "Kirsty Brimelow QC",
        "Dr Tahar Boumedra",
        "Sir Alan Meale",
    ]:
        assert name in full_names
        assert name in PRESS_RELEASE


def test_recommendations_name_their_addressees_and_backers(demo_event):
    embargo = Recommendation.objects.get(slug="extend-un-arms-embargo-iran")
    assert {org.name for org in embargo.addressed_to.all()} == {
        "UN Security Council",
        "UN member states",
        "UK Government",
    }
    assert embargo.made_at.get() == demo_event
    backing = {b.person.family_name: b for b in embargo.backings.select_related("person")}
    # The parliamentarians who spoke for it back it, with the event as the evidence; others do not.
    assert backing["Jones"].how == "spoke" and backing["Jones"].event == demo_event
    assert "Rajavi" not in backing
    # The status follows the latest dated update.
    assert embargo.status == Recommendation.Status.REJECTED
    inquiry = Recommendation.objects.get(slug="independent-inquiry-1988-massacre")
    assert inquiry.status == Recommendation.Status.RAISED


def test_the_event_is_published_as_a_virtual_conference_with_a_date_but_no_time(demo_event):
    assert demo_event.status == Event.Status.PUBLISHED
    assert demo_event.format == Event.Format.VIRTUAL
    assert demo_event.local_starts_at.date().isoformat() == "2020-09-10"
    assert demo_event.start_time_is_known is False
    assert demo_event.organiser.name == "British Committee for Iran Freedom"


def test_the_persian_pages_show_the_demo_in_persian_at_once(client, demo_event):
    from django.utils import translation

    from petitions.models import Petition

    petition = Petition.objects.get(slug="independent-inquiry-1988-massacre")
    event_path, petition_path = demo_event.get_absolute_url(), petition.get_absolute_url()
    event_page = client.get(f"/fa{event_path}").content.decode()
    assert (
        '<h1 id="event-title" class="display-6 fw-semibold">همایش: دادخواهی برای قربانیان قتل‌عام ۱۳۶۷ در ایران</h1>'
        in (event_page)
    )
    assert "تمدید تحریم تسلیحاتی سازمان ملل علیه ایران" in event_page  # a recommendation
    assert "رئیس‌جمهور برگزیدهٔ شورای ملی مقاومت ایران" in event_page  # a title spoken under
    assert "امروز از دولت بریتانیا می‌خواهیم" in event_page  # a statement, translated
    petition_page = client.get(f"/fa{petition_path}").content.decode()
    assert "دادخواهی برای قربانیان قتل‌عام ۱۳۶۷: تحقیقی مستقل و بین‌المللی، همین امروز" in petition_page
    home = client.get("/fa/").content.decode()
    assert "دادخواهی برای قربانیان قتل‌عام ۱۳۶۷ در ایران" in home
    for page in (event_page, petition_page, home):
        assert "translation-note" not in page  # nothing of the demo falls back to English
    with translation.override("en-gb"):
        english = client.get(event_path).content.decode()
    assert "Conference: justice for the victims of the 1988 massacre in Iran" in english and "همایش" not in english
