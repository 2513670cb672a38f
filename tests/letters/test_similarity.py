"""Their own words: a letter too like an earlier one of the campaign is sent back for rewriting."""

import pytest

from letters.models import Letter, LetterCampaign
from letters.services import letter_is_too_similar, letter_similarity
from letters.similarity import highest_similarity, shingles_of
from people.models import Person

from .factories import ANOTHER_LETTER, OWN_LETTER, letter_form, load_test_postcodes, make_bath_mp, make_letter_campaign

pytestmark = pytest.mark.django_db

WRITE_TO_BATH = "/write/inquiry-letters/to/E14001073/"
TOO_SIMILAR = "Your letter is very like one another supporter has already sent."

# The first letter with a few words changed and a sentence added: what a copy-and-paste campaign looks like.
NEAR_COPY = OWN_LETTER.replace("primary school", "secondary school").replace("Bath now", "Bath today") + (
    "\n\nThank you for your time."
)


@pytest.fixture
def campaign():
    load_test_postcodes()
    make_bath_mp()
    return make_letter_campaign()


def write(client, **fields):
    return client.post(WRITE_TO_BATH, letter_form(**fields))


def confirm_all():
    """Only letters their writers confirmed are compared (an unconfirmed one could be anybody's)."""
    Letter.objects.update(status=Letter.Status.CONFIRMED)


def test_a_near_copy_of_an_earlier_letter_is_refused_with_a_clear_message(client, campaign):
    assert write(client, writer_email="ada@example.org").status_code == 302
    confirm_all()
    response = write(client, writer_email="bob@example.org", writer_name="Bob Smith", body=NEAR_COPY)
    assert response.status_code == 400
    assert TOO_SIMILAR in response.content.decode()
    assert Letter.objects.count() == 1


def test_a_letter_of_ones_own_on_the_same_subject_goes_through(client, campaign):
    write(client, writer_email="ada@example.org")
    response = write(client, writer_email="bob@example.org", writer_name="Bob Smith", body=ANOTHER_LETTER)
    assert response.status_code == 302
    assert Letter.objects.count() == 2


def test_the_threshold_is_the_campaigns(client, campaign):
    write(client, writer_email="ada@example.org")
    confirm_all()
    LetterCampaign.objects.filter(pk=campaign.pk).update(similarity_threshold=1.0)
    response = write(client, writer_email="bob@example.org", writer_name="Bob Smith", body=NEAR_COPY)
    assert response.status_code == 302


def test_writing_again_in_ones_own_words_is_not_a_copy_of_oneself(client, campaign):
    write(client, writer_email="ada@example.org")
    assert write(client, writer_email="Ada@Example.org", body=NEAR_COPY).status_code == 302


def test_letters_of_other_campaigns_do_not_count(client, campaign):
    other = make_letter_campaign(slug="other-letters")
    Letter.objects.create(
        campaign=other, writer_name="C", writer_address="x", writer_email="c@example.org",
        writer_email_normalised="c@example.org", subject="s", body=OWN_LETTER, shingles=shingles_of(OWN_LETTER),
    )  # fmt: skip
    assert write(client, writer_email="ada@example.org").status_code == 302


def test_the_score_ignores_case_punctuation_and_persian_spelling_variants(campaign):
    persian = "من از حوزه شما هستم و از شما می‌خواهم که از تحقیق مستقل بین المللی پشتیبانی کنید"
    arabic_keyboard = persian.replace("ی", "ي").replace("ک", "ك")
    assert shingles_of(persian) == shingles_of(arabic_keyboard)
    assert shingles_of("Please, BACK the inquiry!") == shingles_of("please back the inquiry")


def test_the_score_is_the_share_of_the_shorter_letter(campaign):
    Letter.objects.create(
        campaign=campaign, writer_name="Ada", writer_address="x", writer_email="ada@example.org",
        writer_email_normalised="ada@example.org", subject="s", body=OWN_LETTER, shingles=shingles_of(OWN_LETTER),
        status=Letter.Status.SENT,
    )  # fmt: skip
    padded = OWN_LETTER + "\n\n" + ANOTHER_LETTER  # a copy padded with as much again of one's own
    score = letter_similarity(campaign=campaign, body=padded, writer_email="bob@example.org")
    assert score > 0.95
    assert letter_similarity(campaign=campaign, body=ANOTHER_LETTER, writer_email="bob@example.org") < 0.1


@pytest.mark.parametrize("earlier_letters", [3, 30])
def test_comparing_takes_one_query_however_many_letters(campaign, earlier_letters, django_assert_num_queries):
    Letter.objects.bulk_create(
        Letter(
            campaign=campaign, writer_name="W", writer_address="x", writer_email=f"w{n}@example.org",
            writer_email_normalised=f"w{n}@example.org", subject="s", body=f"{OWN_LETTER} {n}",
            shingles=shingles_of(f"{OWN_LETTER} {n}"), status=Letter.Status.SENT,
        )
        for n in range(earlier_letters)
    )  # fmt: skip
    with django_assert_num_queries(1):
        score = highest_similarity(
            campaign_id=campaign.pk, shingles=shingles_of(OWN_LETTER), writer_email_normalised="new@example.org"
        )
    assert score == 1.0


def test_an_unconfirmed_letter_turns_nobody_away(client, campaign):
    """Letters left unconfirmed from throwaway addresses must not block the genuine ones that follow."""
    assert write(client, writer_email="throwaway@example.org").status_code == 302
    response = write(client, writer_email="bob@example.org", writer_name="Bob Smith", body=NEAR_COPY)
    assert response.status_code == 302


def test_the_same_text_to_a_second_recipient_is_refused(campaign):
    sent = Letter.objects.create(
        campaign=campaign, writer_name="Ada", writer_address="x", writer_email="ada@example.org",
        writer_email_normalised="ada@example.org", subject="s", body=OWN_LETTER, shingles=shingles_of(OWN_LETTER),
        status=Letter.Status.SENT, recipient=Person.objects.get(family_name="Hobhouse"),
    )  # fmt: skip
    other = Person.objects.create(family_name="Peer", honorific="Lord", email="peer@example.org")
    again = {"campaign": campaign, "body": NEAR_COPY, "writer_email": "ada@example.org"}
    assert not letter_is_too_similar(**again, recipient_id=sent.recipient_id)  # rewriting their own letter
    assert letter_is_too_similar(**again, recipient_id=other.pk)  # one text to every recipient
