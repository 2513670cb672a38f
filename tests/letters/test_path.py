"""The supporter's path through the test client: postcode, their MP, the letter, "check your email";
and every bad input getting a clear page."""

import datetime

import pytest
from django.utils import timezone

from letters.models import Letter, LetterCampaign
from outbox.models import OutgoingMail
from people.models import Person

from .factories import (
    BATH_POSTCODE,
    ISLINGTON_POSTCODE,
    STRADDLING_POSTCODE,
    SUGGESTED_OPENING,
    WESTMINSTER_POSTCODE,
    bath,
    letter_form,
    load_test_postcodes,
    make_bath_mp,
    make_letter_campaign,
    make_mp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    load_test_postcodes()
    make_bath_mp()
    return make_letter_campaign()


def write_url(campaign, key):
    return f"/write/{campaign.slug}/to/{key}/"


def test_the_postcode_leads_to_the_mp_and_their_party(client, campaign):
    response = client.post(f"/write/{campaign.slug}/", {"postcode": "ba1 1su", "website": ""})
    assert response.status_code == 302
    assert response.url == f"/write/{campaign.slug}/to/E14001073/"
    page = client.get(response.url).content.decode()
    assert "Your MP is <bdi>Wera Hobhouse</bdi> (<bdi>Liberal Democrats</bdi>)" in page
    assert "Your constituency: <bdi>Bath</bdi>" in page
    # The suggested opening is in the letter to start from, with the MP's salutation, and the points are shown.
    assert "Dear Ms Hobhouse," in page
    assert SUGGESTED_OPENING in page
    assert "Families still do not know where their loved ones lie." in page


def test_the_start_page_in_persian_is_right_to_left(client, campaign):
    page = client.get(f"/fa/write/{campaign.slug}/").content.decode()
    assert 'dir="rtl"' in page
    assert "از نماینده‌تان بخواهید از تحقیق مستقل حمایت کند" in page


def test_a_straddling_postcode_asks_which_constituency(client, campaign):
    response = client.post(f"/write/{campaign.slug}/", {"postcode": STRADDLING_POSTCODE, "website": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Which constituency do you live in?" in page
    assert write_url(campaign, "E14001073") in page  # Bath
    assert write_url(campaign, "E14001235") in page  # Frome and East Somerset


@pytest.mark.parametrize(
    ("postcode", "error"),
    [
        ("not a postcode", "Enter a UK postcode such as SW1A 0AA."),
        ("", "Enter your postcode."),
        ("AB1 2CD", "We cannot find AB1 2CD."),
    ],
)
def test_a_malformed_or_unknown_postcode_is_a_field_error(client, campaign, postcode, error):
    response = client.post(f"/write/{campaign.slug}/", {"postcode": postcode, "website": ""})
    assert response.status_code == 400
    assert error in response.content.decode()


def test_without_postcode_data_the_writer_picks_their_constituency_by_name(client):
    from constituencies.models import Constituency

    Constituency.objects.create(ons_code="E14001073", name="Bath", nation="E")
    Constituency.objects.create(ons_code="E14001296", name="Islington North", nation="E")
    campaign = make_letter_campaign()
    page = client.get(f"/write/{campaign.slug}/").content.decode()
    assert "Choose your constituency from the list." in page
    assert '<option value="E14001073">Bath</option>' in page
    response = client.get(f"/write/{campaign.slug}/", {"constituency": "E14001073"})
    assert response.url == write_url(campaign, "E14001073")


def test_a_vacant_seat_is_explained(client, campaign):
    response = client.post(f"/write/{campaign.slug}/", {"postcode": ISLINGTON_POSTCODE, "website": ""}, follow=True)
    page = response.content.decode()
    assert "This seat is vacant" in page
    assert "<bdi>Islington North</bdi> has no MP at the moment" in page
    assert 'name="body"' not in page


def test_an_mp_without_an_email_address_gets_a_printable_letter(client, campaign):
    make_mp("Cities of London and Westminster", given_name="Rachel", family_name="Blake", email=None, party="Labour")
    response = client.post(f"/write/{campaign.slug}/", {"postcode": WESTMINSTER_POSTCODE, "website": ""}, follow=True)
    page = response.content.decode()
    assert "We have no email address for them" in page
    assert 'name="writer_email"' not in page
    form = letter_form(writer_postcode=WESTMINSTER_POSTCODE)
    del form["writer_email"]
    response = client.post(write_url(campaign, "E14001172"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your letter, to print" in page
    assert "House of Commons<br>London<br>SW1A 0AA" in page
    assert "Evin prison" in page
    assert not Letter.objects.exists()  # nothing kept, nothing sent


def test_writing_records_the_letter_and_mails_a_confirmation_link(client, campaign):
    response = client.post(write_url(campaign, "E14001073"), letter_form())
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Check your email" in page
    assert "ada@example.org" in page
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.AWAITING_CONFIRMATION
    assert letter.recipient.family_name == "Hobhouse"
    assert letter.constituency == bath()
    assert letter.writer_postcode == "BA1 1SU"
    assert letter.shingles
    mail = OutgoingMail.objects.get()
    assert (mail.kind, mail.to_email, mail.about_id) == ("letter_confirmation", "ada@example.org", letter.pk)


def test_the_suggested_opening_must_be_changed(client, campaign):
    body = f"Dear Ms Hobhouse,\n\n{SUGGESTED_OPENING}\n\n{letter_form()['body']}"
    response = client.post(write_url(campaign, "E14001073"), letter_form(body=body))
    assert response.status_code == 400
    assert "Please change the suggested opening" in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("body", "Dear Ms Hobhouse, please back the inquiry. Thanks.", "Please write at least 40 words"),
        ("writer_postcode", "N7 8EG", "N7 8EG is not in Bath: an MP takes letters from their own constituents."),
        ("writer_postcode", "nonsense", "Enter a UK postcode such as SW1A 0AA."),
        ("writer_name", "=HYPERLINK(1)", "Please enter your name without"),
        ("writer_email", "ada@", "Enter a valid email address."),
        ("writer_address", "", "Enter your address."),
        ("writer_address", "<script>alert(1)</script>", "Please enter just your address"),
    ],
)
def test_bad_input_in_the_letter_is_a_field_error(client, campaign, field, value, error):
    response = client.post(write_url(campaign, "E14001073"), letter_form(**{field: value}))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Letter.objects.exists()


def test_the_honeypot_records_nothing_but_looks_the_same(client, campaign):
    response = client.post(write_url(campaign, "E14001073"), letter_form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Letter.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_an_unknown_constituency_or_campaign_is_not_found(client, campaign):
    assert client.get(write_url(campaign, "E14999999")).status_code == 404
    assert client.get("/write/no-such-campaign/").status_code == 404


def test_a_draft_campaign_is_not_found(client, campaign):
    LetterCampaign.objects.filter(pk=campaign.pk).update(status=LetterCampaign.Status.DRAFT)
    assert client.get(f"/write/{campaign.slug}/").status_code == 404


def test_a_closed_campaign_says_so_and_takes_no_letters(client, campaign):
    LetterCampaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(f"/write/{campaign.slug}/")
    assert response.status_code == 410
    assert "This letter campaign is closed" in response.content.decode()
    response = client.post(write_url(campaign, "E14001073"), letter_form())
    assert response.status_code == 410
    assert not Letter.objects.exists()


def test_a_campaign_not_open_yet_says_when_it_opens(client, campaign):
    LetterCampaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now() + datetime.timedelta(days=2))
    response = client.get(f"/write/{campaign.slug}/")
    assert "Not open yet" in response.content.decode()
    assert 'name="postcode"' not in response.content.decode()


def test_writing_is_rate_limited_by_address(client, campaign, settings):
    settings.LETTER_WRITING_RATE_PER_IP = "1/m"
    client.post(write_url(campaign, "E14001073"), letter_form())
    response = client.post(write_url(campaign, "E14001073"), letter_form(writer_email="bob@example.org"))
    assert response.status_code == 429
    assert "Too many letters at once" in response.content.decode()
    assert Letter.objects.count() == 1


def test_postcode_lookups_are_rate_limited_by_address(client, campaign, settings):
    settings.LETTER_POSTCODE_RATE_PER_IP = "2/m"
    for _ in range(2):
        assert client.post(f"/write/{campaign.slug}/", {"postcode": BATH_POSTCODE, "website": ""}).status_code == 302
    response = client.post(f"/write/{campaign.slug}/", {"postcode": BATH_POSTCODE, "website": ""})
    assert response.status_code == 429


@pytest.mark.parametrize("earlier_letters", [2, 40])
def test_the_letter_page_reads_the_same_few_rows_however_many_have_written(
    client, campaign, earlier_letters, django_assert_num_queries
):
    Letter.objects.bulk_create(
        Letter(
            campaign=campaign, recipient=Person.objects.get(family_name="Hobhouse"),
            writer_name="W", writer_address="x", writer_email=f"w{n}@example.org",
            writer_email_normalised=f"w{n}@example.org", subject="s", body="b", status=Letter.Status.SENT,
        )
        for n in range(earlier_letters)
    )  # fmt: skip
    # The campaign; the constituency; its current MP with person, party and house; the site's organisation.
    with django_assert_num_queries(4):
        assert client.get(write_url(campaign, "E14001073")).status_code == 200


def test_the_printable_letter_is_dated_in_english_on_the_persian_page(client, campaign):
    make_mp("Cities of London and Westminster", given_name="Rachel", family_name="Blake", email=None, party="Labour")
    form = letter_form(writer_postcode=WESTMINSTER_POSTCODE)
    del form["writer_email"]
    page = client.post("/fa" + write_url(campaign, "E14001172"), form).content.decode()
    assert 'dir="rtl"' in page
    assert f"<p>{timezone.localdate().day} {timezone.localdate():%B %Y}</p>" in page
