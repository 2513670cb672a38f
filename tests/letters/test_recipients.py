"""Campaigns written to people staff chose (Peers, say) or to a public office, rather than to each
writer's MP."""

import pytest
from django.core.exceptions import ValidationError

from letters.models import Letter, LetterCampaign
from letters.services import letter_confirm
from people.models import Person

from .factories import ANOTHER_LETTER, letter_form, make_letter_campaign

pytestmark = pytest.mark.django_db


def test_the_writer_picks_one_of_the_chosen_people_and_writes_to_them(client):
    campaign = make_letter_campaign(recipients=LetterCampaign.Recipients.CHOSEN_PEOPLE)
    peer = Person.objects.create(honorific="Lord", given_name="David", family_name="Alton", email="alton@lords.example")
    campaign.chosen_recipients.add(peer)
    page = client.get(f"/write/{campaign.slug}/").content.decode()
    url = f"/write/{campaign.slug}/to/{peer.public_id.hex}/"
    assert url in page
    assert "You are writing to <bdi>Lord Alton</bdi>" in client.get(url).content.decode()
    # A writer anywhere: the postcode need not be in any constituency we know.
    assert client.post(url, letter_form(writer_postcode="EH1 1YZ")).status_code == 302
    letter = Letter.objects.get()
    assert letter.recipient == peer
    letter_confirm(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.mail_to_recipient.to_email == "alton@lords.example"


def test_someone_not_chosen_cannot_be_written_to(client):
    campaign = make_letter_campaign(recipients=LetterCampaign.Recipients.CHOSEN_PEOPLE)
    stranger = Person.objects.create(family_name="Stranger", email="s@example.org")
    assert client.get(f"/write/{campaign.slug}/to/{stranger.public_id.hex}/").status_code == 404
    assert client.get(f"/write/{campaign.slug}/to/not-a-uuid/").status_code == 404


def test_letters_to_an_office_go_to_its_address(client):
    campaign = make_letter_campaign(
        recipients=LetterCampaign.Recipients.OFFICE, office_name="The Foreign Secretary", office_email="fs@gov.example"
    )
    response = client.get(f"/write/{campaign.slug}/")
    assert response.url == f"/write/{campaign.slug}/to/office/"
    page = client.get(response.url).content.decode()
    assert "You are writing to <bdi>The Foreign Secretary</bdi>" in page
    assert "Dear Sir or Madam," in page
    client.post(response.url, letter_form(body=ANOTHER_LETTER.replace("Ms Hobhouse", "Foreign Secretary")))
    letter = Letter.objects.get()
    letter_confirm(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.mail_to_recipient.to_email == "fs@gov.example"


def test_an_office_campaign_needs_the_offices_name():
    campaign = LetterCampaign(title="t", slug="t", recipients=LetterCampaign.Recipients.OFFICE)
    with pytest.raises(ValidationError, match="Name the office"):
        campaign.clean()


@pytest.mark.parametrize("slug", ["confirm", "reply"])
def test_a_campaign_cannot_take_the_address_of_another_page(slug):
    with pytest.raises(ValidationError, match="is the address of another page"):
        LetterCampaign(title="t", slug=slug).clean()
