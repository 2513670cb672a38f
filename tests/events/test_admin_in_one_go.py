"""Staff enter an event in one go, through the admin's own forms: its participants of every kind
and their quotes on the add form, quotation marks pasted with the words dropped once, people found
by their name as printed, and every inline row labelled in words."""

import html

import pytest
from django.urls import reverse

from campaign.models import Organisation
from events.models import Event, Statement
from people.models import Person

from .admin_forms import add_inline_row, event_form

pytestmark = pytest.mark.django_db


def the_event_form(editor_client, demo_event):
    url, data, prefixes = event_form(editor_client)
    data.update(
        {
            "campaign": str(demo_event.campaign_id),
            "kind": "press_conference",
            "title_en_gb": "Press conference on the executions",
            "slug": "press-conference-executions",
            "status": "published",
            "summary_en_gb": "MPs spoke to the press.",
            "time_zone": "Europe/London",
            "format": "in_person",
            "venue": "Portcullis House",
            "start_date": "04/03/2027",
            "time_shown": "known",
            "start_time": "11:00",
        }
    )
    return url, data, prefixes["Participant"], prefixes["Statement"]


def test_an_event_its_participants_and_their_quotes_in_one_submission(client, editor_client, demo_event):
    url, data, participants, statements = the_event_form(editor_client, demo_event)
    brimelow = Person.objects.get(family_name="Brimelow")
    bar = Organisation.objects.create(name="Bar Human Rights Committee", slug="bhrc")
    add_inline_row(data, participants, order="1", role="speaker", person=str(brimelow.pk))
    add_inline_row(data, participants, order="2", role="speaker", organisation=str(bar.pk))
    add_inline_row(data, participants, order="3", role="testimony", withheld_as_en_gb="A former political prisoner")
    add_inline_row(
        data, statements, order="1", said_by="Kirsty Brimelow QC", language="en-gb", text="“““Justice now.”””"
    )
    add_inline_row(
        data, statements, order="2", said_by="bar human rights committee", language="en-gb", text="Never again."
    )
    add_inline_row(
        data, statements, order="3", said_by="A former political prisoner", language="en-gb", text="'I was there.'"
    )

    response = editor_client.post(url, data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"][1].formset]

    event = Event.objects.get(slug="press-conference-executions")
    quotes = {s.text: s.participant.who for s in Statement.objects.filter(event=event).select_related("participant")}
    assert quotes == {
        "Justice now.": "Kirsty Brimelow QC",
        "Never again.": "Bar Human Rights Committee",
        "I was there.": "A former political prisoner (name withheld)",
    }
    page = html.unescape(client.get(event.get_absolute_url()).content.decode())
    assert "“Justice now.”" in page and "““" not in page and "””" not in page
    assert page.count('<blockquote class="statement">') == 3


def test_a_quote_said_by_no_one_on_the_form_is_refused_and_nothing_is_saved(editor_client, demo_event):
    url, data, participants, statements = the_event_form(editor_client, demo_event)
    add_inline_row(data, participants, order="1", role="testimony", withheld_as_en_gb="A relative of a victim")
    add_inline_row(data, statements, order="1", said_by="Someone else", language="en-gb", text="Words.")
    add_inline_row(data, statements, order="2", language="en-gb", text="Words of no one.")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No participant above is called that." in page
    assert "Choose who said it" in page
    assert not Event.objects.filter(slug="press-conference-executions").exists()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Lord Maginnis", "Lord Maginnis of Drumglass"),
        ("Rt Hon David Jones", "Rt Hon David Jones MP"),
        ("Maginnis of Drumglass", "Lord Maginnis of Drumglass"),
        ("Jones MP", "Rt Hon David Jones MP"),
    ],
)
def test_people_are_found_by_their_name_as_printed(editor_client, demo_event, typed, expected):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participant", "field_name": "person", "term": typed},
    )
    assert [r["text"] for r in response.json()["results"]] == [expected]


def test_every_inline_row_is_labelled_in_words(editor_client, demo_event):
    page = editor_client.get(reverse("admin:events_event_change", args=[demo_event.pk])).content.decode()
    assert " object (" not in page
    recommendation = demo_event.recommendations.first()
    assert html.escape(f"{recommendation} ({demo_event})") in page


def test_pasted_quotation_marks_are_dropped_once_and_inner_ones_kept(demo_event):
    statement = Statement.objects.filter(event=demo_event).first()
    statement.text = " “““He said ‘never again’ to us.””” "
    statement.translation_fa = "«««هرگز دوباره»»»"
    statement.save()
    statement.refresh_from_db()
    assert statement.text == "He said ‘never again’ to us."
    assert statement.translation_fa == "هرگز دوباره"
