"""Registering on an event's page, confirming by the link in the mail, and the defences signing has."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMail
from people.models import Person
from registrations.models import Registrant
from registrations.services import CONFIRM_LINK_MAIL, CONFIRMED_MAIL, WAITING_MAIL
from registrations.tokens import CONFIRM_SALT, make_confirmation_token
from tests.mail import send_outbox

from .factories import make_event, make_registrant, make_registration, registration_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return make_registration(capacity=2)


def register(client, registration, prefix="", **overrides):
    url = f"{prefix}/events/{registration.event.slug}/register/"
    return client.post(url, registration_form(**overrides))


def confirm_link(message):
    text = message.body
    return re.search(r"https?://\S+(/(?:fa/)?events/registration/confirm/\S+/)", text).group(1)


def test_the_event_page_shows_the_form_while_registration_is_open(client, registration):
    page = client.get(registration.event.get_absolute_url()).content.decode()
    assert "Come to this event" in page
    assert 'name="name_on_id"' in page  # in person: the security desk needs it
    assert "2 places left." in page
    registration.is_open = False
    registration.save()
    page = client.get(registration.event.get_absolute_url()).content.decode()
    assert "Come to this event" not in page
    assert "Registration for this event is closed." in page


def test_an_online_event_asks_no_name_as_on_id(client):
    registration = make_registration(make_event(format="virtual", venue=""))
    page = client.get(reverse("registrations:register", args=[registration.event.slug])).content.decode()
    assert 'name="name_on_id"' not in page
    assert 'name="organisation"' in page


def test_registering_keeps_a_pending_registrant_and_queues_its_link_in_the_readers_language(client, registration):
    response = register(client, registration, prefix="/fa")
    assert response.status_code == 302
    assert response["Location"] == "/fa/events/briefing/registered/"
    registrant = Registrant.objects.get()
    assert registrant.status == Registrant.Status.PENDING
    assert (registrant.name, registrant.name_on_id, registrant.language) == ("Ada Lovelace", "Augusta Ada King", "fa")
    mail = OutgoingMail.objects.get()
    assert (mail.kind, mail.about_id, mail.language) == (CONFIRM_LINK_MAIL, registrant.pk, "fa")


def test_the_confirmation_mail_is_written_in_the_registrants_language(client, registration, mailoutbox):
    register(client, registration, prefix="/fa")
    register(client, registration, email="grace@example.org", name="Grace Hopper")
    send_outbox()
    persian, english = sorted(mailoutbox, key=lambda m: m.to[0])
    assert english.to == ["grace@example.org"]
    assert english.subject == "Please confirm your registration: Briefing in Parliament"
    assert "/events/registration/confirm/" in english.body and "/fa/" not in english.body
    assert "ثبت‌نام" in persian.subject
    assert "/fa/events/registration/confirm/" in persian.body
    html = persian.alternatives[0][0]
    assert 'lang="fa" dir="rtl"' in html


def test_opening_the_link_confirms_nothing_the_button_does(client, registration, mailoutbox):
    register(client, registration)
    send_outbox()
    link = confirm_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my registration" in page.content.decode()
    assert Registrant.objects.get().status == Registrant.Status.PENDING
    response = client.post(link)
    registrant = Registrant.objects.get()
    assert registrant.status == Registrant.Status.CONFIRMED
    assert response.status_code == 302 and "/events/registration/" in response["Location"]
    assert "You’re registered" in client.get(response["Location"]).content.decode()
    assert OutgoingMail.objects.filter(kind=CONFIRMED_MAIL, about_id=registrant.pk).exists()
    # The person is made from the registration, and nothing of them is public.
    person = Person.objects.get(email="ada@example.org")
    assert registrant.person == person and not person.profile_is_public
    # A second press changes nothing and queues nothing more.
    client.post(link)
    assert OutgoingMail.objects.filter(kind=CONFIRMED_MAIL).count() == 1


def test_the_places_go_to_the_first_to_confirm_and_the_rest_wait(registration):
    first, second, third = (make_registrant(registration, f"guest{i}@example.org", confirm=False) for i in range(3))
    from registrations.services import registrant_confirm

    for registrant in (third, first, second):
        registrant_confirm(registrant_id=registrant.pk)
    statuses = dict(Registrant.objects.values_list("email", "status"))
    assert statuses == {
        "guest2@example.org": "confirmed",
        "guest0@example.org": "confirmed",
        "guest1@example.org": "waiting",
    }
    assert OutgoingMail.objects.filter(kind=WAITING_MAIL, about_id=second.pk).exists()


def test_registering_again_gives_the_same_page_and_at_most_a_few_links(client, registration, settings):
    settings.REGISTRATION_CONFIRMATION_MAILS = 2
    statuses = [register(client, registration, email="Ada@Example.org").status_code for _ in range(4)]
    assert statuses == [302] * 4
    assert Registrant.objects.count() == 1
    assert OutgoingMail.objects.filter(kind=CONFIRM_LINK_MAIL).count() == 2


def test_a_confirmed_address_registering_again_gets_no_mail(client, registration):
    make_registrant(registration, "ada@example.org")
    before = OutgoingMail.objects.count()
    assert register(client, registration).status_code == 302
    assert OutgoingMail.objects.count() == before


def test_the_honeypot_takes_nothing_and_says_nothing(client, registration):
    response = register(client, registration, website="http://spam.example")
    assert response.status_code == 302
    assert not Registrant.objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "=SUM(A1:A9)", "without = + - or @ at the start"),
        ("name", "Ada <b>", "without links or &lt; &gt; { } characters"),
        ("name_on_id", "Ada\u202eLovelace", "only letters, spaces and punctuation"),
        ("organisation", "+44 cmd", "without = + - or @ at the start"),
        ("email", "ada@[192.0.2.1]", "not at an IP address"),
        ("name_on_id", "", "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_never_a_500(client, registration, field, value, message):
    response = register(client, registration, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registrant.objects.exists()


def test_one_ip_address_is_rate_limited(client, registration, settings):
    settings.SIGNING_RATE_PER_IP = "3/m"
    statuses = [register(client, registration, email=f"r{i}@example.org").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]


def test_no_registration_once_closed_or_after_the_closing_time(client, registration):
    registration.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    registration.save()
    assert register(client, registration).status_code == 409
    assert not Registrant.objects.exists()
    assert "Registration is closed" in client.get(f"/events/{registration.event.slug}/register/").content.decode()


def test_a_draft_event_takes_no_registration(client):
    registration = make_registration(make_event(status="draft"))
    assert client.get(f"/events/{registration.event.slug}/register/").status_code == 404


def test_links_that_were_altered_or_expired_say_so(client, registration, settings):
    registrant = make_registrant(registration, "ada@example.org", confirm=False)
    token = make_confirmation_token(registrant)
    assert client.get(f"/events/registration/confirm/{token}x/").status_code == 400
    settings.REGISTRATION_CONFIRMATION_MAX_AGE = -1
    response = client.get(f"/events/registration/confirm/{token}/")
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    # A token of another purpose (the signing salt) does not work here.
    forged = signing.dumps({"r": registrant.public_id.hex}, salt=CONFIRM_SALT + "x")
    assert client.get(f"/events/registration/confirm/{forged}/").status_code == 400


def test_the_join_link_is_never_on_a_public_page(client):
    registration = make_registration(
        make_event(format="virtual", venue="", starts_at=timezone.now() + datetime.timedelta(minutes=30)),
        join_url="https://meet.example/secret-room",
    )
    for url in (registration.event.get_absolute_url(), f"/events/{registration.event.slug}/register/", "/"):
        assert "secret-room" not in client.get(url).content.decode()
