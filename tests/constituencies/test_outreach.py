"""Outreach to MPs that says what their constituents did: the merge fields in a real mailing sent
through the outbox, and the audience "MPs whose constituents signed"."""

import pytest
from django.urls import reverse
from django.utils import translation

from constituencies.models import Constituency
from outreach import services
from outreach.merge import validate_merge_fields
from outreach.models import Audience
from outreach.rendering import MailingRenderer
from petitions.models import Signature
from tests.mail import send_outbox
from tests.motions.factories import commons
from tests.outreach.factories import make_mailing, schedule_now
from tests.petitions.factories import make_petition

from .factories import load_test_directory, make_mp, make_peer, sign, sign_many

pytestmark = pytest.mark.django_db

ENGLISH = "Dear {{ salutation }},\n\n{{ constituents_signed }} of your constituents in {{ constituency }} have signed."
PERSIAN = "{{ salutation }}،\n\n{{ constituents_signed }} نفر از ساکنان حوزهٔ {{ constituency }} امضا کرده‌اند."


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def mps_audience(**criteria):
    audience = Audience.objects.create(name="Current MPs", kind=Audience.Kind.PARLIAMENTARIANS)
    audience.legislatures.set([commons()])
    for name, values in criteria.items():
        getattr(audience, name).set(values)
    return audience


def signed_in_bath_and_westminster(petition, bath=3, westminster=1):
    sign_many(petition, "BA1 1SU", bath)
    for _ in range(westminster):
        sign(petition, "sw1a 0aa")
    sign(petition, "BA2 4AA", status=Signature.Status.PENDING)  # not yet confirmed: not counted


def test_mps_read_how_many_of_their_constituents_signed_in_english_and_persian(smtp_server):
    load_test_directory()
    make_mp("Hobhouse", "Bath")
    make_mp("Westminster", "Cities of London and Westminster", language="fa")
    make_mp("Corbyn", "Islington North")
    mailing = make_mailing(
        audience=mps_audience(), subject="Your constituents", body_text=ENGLISH, subject_fa="ساکنان حوزهٔ شما",
        body_text_fa=PERSIAN,
    )  # fmt: skip
    signed_in_bath_and_westminster(mailing.petition, bath=1_203)
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    bath = text_of(smtp_server.collector.wait_for("hobhouse@parliament.example")[0])
    assert "1,203 of your constituents in Bath have signed." in bath
    westminster = text_of(smtp_server.collector.wait_for("westminster@parliament.example")[0])
    assert "۱ نفر از ساکنان حوزهٔ Cities of London and Westminster امضا کرده‌اند." in westminster
    islington = text_of(smtp_server.collector.wait_for("corbyn@parliament.example")[0])
    assert "0 of your constituents in Islington North have signed." in islington


def test_without_a_petition_the_mailing_counts_every_petition_of_its_campaign(smtp_server):
    load_test_directory()
    make_mp("Hobhouse", "Bath")
    mailing = make_mailing(audience=mps_audience(), body_text=ENGLISH, petition=None)
    other = make_petition(slug="another-petition", campaign=mailing.campaign)
    signed_in_bath_and_westminster(make_petition(slug="first-petition", campaign=mailing.campaign), bath=2)
    sign(other, "BA1 1SU")
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    text = text_of(smtp_server.collector.wait_for("hobhouse@parliament.example")[0])
    assert "3 of your constituents in Bath have signed." in text


def test_the_counts_are_read_once_for_a_batch_not_for_each_recipient(django_assert_num_queries):
    load_test_directory()
    mps = [make_mp(f"Member{i}", "Bath") for i in range(5)]
    mailing = make_mailing(audience=mps_audience(), body_text=ENGLISH)
    signed_in_bath_and_westminster(mailing.petition)
    with translation.override("en"):
        renderer = MailingRenderer(mailing)
        with django_assert_num_queries(0):
            texts = [renderer.parts(mp)[1] for mp in mps]
    assert all("3 of your constituents in Bath have signed." in text for text in texts)


def test_the_merge_fields_are_accepted_when_a_mailing_is_saved():
    validate_merge_fields(ENGLISH)
    validate_merge_fields(PERSIAN)


def test_the_audience_reaches_the_current_mps_whose_constituents_signed():
    load_test_directory()
    petition, other = make_petition(slug="this-one"), make_petition(slug="another")
    signed_in_bath_and_westminster(petition)
    sign(other, "N7 8EG")  # Islington signed another petition only
    sign(petition, "CF10 1EP", status=Signature.Status.PENDING)  # Cardiff's signer never confirmed
    bath, westminster = make_mp("Hobhouse", "Bath"), make_mp("Westminster", "Cities of London and Westminster")
    make_mp("Corbyn", "Islington North")
    make_mp("Cardiff", "Cardiff South and Penarth")
    make_mp("Former", "Bath", is_current=False)
    make_peer("Lord")
    audience = mps_audience(constituents_signed=[petition])
    assert set(audience.people()) == {bath, westminster}
    assert audience.reach().recipients == 2


def test_the_audience_form_shows_the_reach_of_the_criterion_before_saving(outreach_client):
    load_test_directory()
    petition = make_petition()
    signed_in_bath_and_westminster(petition)
    make_mp("Hobhouse", "Bath")
    make_mp("Corbyn", "Islington North")
    url = reverse("admin:outreach_audience_reach")
    data = {"kind": "parliamentarians", "legislatures": [commons().pk], "standing": "current"}
    assert "2 recipients now" in outreach_client.get(url, data).content.decode()
    narrowed = outreach_client.get(url, {**data, "constituents_signed": [petition.pk]}).content.decode()
    assert "1 recipient now" in narrowed


def test_mps_read_how_many_of_their_constituents_wrote_to_them(smtp_server):
    from letters.models import Letter
    from tests.letters.factories import make_letter_campaign

    load_test_directory()
    hobhouse = make_mp("Hobhouse", "Bath")
    make_mp("Corbyn", "Islington North")
    letters = make_letter_campaign()
    bath = Constituency.objects.get(name="Bath")

    def letter(email, status=Letter.Status.SENT):
        Letter.objects.create(
            campaign=letters, recipient=hobhouse, constituency=bath, writer_name="W", writer_address="x",
            writer_email=email, writer_email_normalised=email, subject="s", body="b", status=status,
        )  # fmt: skip

    letter("ada@example.org")
    letter("bob@example.org")
    letter("cy@example.org", status=Letter.Status.AWAITING_CONFIRMATION)  # not confirmed: not counted
    mailing = make_mailing(audience=mps_audience(), body_text="{{ constituents_wrote }} of your constituents wrote.")
    services.mailing_start(schedule_now(mailing).pk)
    send_outbox()
    assert "2 of your constituents wrote." in text_of(smtp_server.collector.wait_for("hobhouse@parliament.example")[0])
    assert "0 of your constituents wrote." in text_of(smtp_server.collector.wait_for("corbyn@parliament.example")[0])
