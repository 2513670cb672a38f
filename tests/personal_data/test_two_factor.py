"""Two-factor login: required for superusers and holders of the personal-data permission, optional
for other staff, and the password lockout still holds."""

from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import log_in_verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
ADMIN_PAGES = [
    "/admin/",
    "/admin/people/person/",
    "/admin/petitions/signature/",
    "/admin/auth/user/",
    "/fa/admin/people/person/",  # under a language prefix too
]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def log_in(client, username, code=None):
    """The login page's two steps: password, then (for users with a device) the code."""
    url = reverse("two_factor:login")
    response = client.post(
        url, {"login_view-current_step": "auth", "auth-username": username, "auth-password": PASSWORD}
    )
    if code is not None:
        response = client.post(url, {"login_view-current_step": "token", "token-otp_token": code})
    return response


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_superuser_without_a_device_is_sent_to_enrol_and_sees_no_admin_page(superuser, url):
    response = logged_in(superuser).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:setup") + "?next=")


def test_so_is_a_holder_of_the_personal_data_permission(personal_data_user):
    response = logged_in(personal_data_user).get("/admin/people/person/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))


def test_a_superuser_with_a_device_but_no_code_this_session_must_log_in_with_one(superuser):
    TOTPDevice.objects.create(user=superuser, name="default")
    response = logged_in(superuser).get("/admin/people/person/")
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:login") + "?next=%2Fadmin%2Fpeople%2Fperson%2F"


def test_other_staff_may_work_without_a_second_factor(editor_client):
    assert editor_client.get("/admin/people/person/").status_code == 200


def test_the_admin_login_page_is_the_two_factor_login(client):
    response = client.get("/admin/login/?next=/admin/people/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:login"))
    page = client.get(response["Location"]).content.decode()
    assert "Campaign administration" in page and 'name="auth-password"' in page
    assert "cdnjs" not in page  # the library's own base template is replaced: our static files only


def test_enrolment_shows_a_qr_code_and_the_secret_then_lets_the_superuser_in(superuser):
    client = logged_in(superuser)
    setup = client.get("/admin/").url
    assert client.get(setup).status_code == 200
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    page = response.content.decode()
    secret = response.context["secret_key"]
    assert secret in page and f'src="{reverse("two_factor:qr")}"' in page
    qr = client.get(reverse("two_factor:qr"))
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")

    response = client.post(setup, {"setup_view-current_step": "generator", "generator-token": "000000"})
    assert "Entered token is not valid." in response.content.decode()
    code = f"{totp(b32decode(secret)):06d}"
    response = client.post(setup, {"setup_view-current_step": "generator", "generator-token": code})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).count() == 1
    assert client.get("/admin/people/person/").status_code == 200


def test_staff_with_a_device_log_in_with_password_and_code(superuser):
    device = TOTPDevice.objects.create(user=superuser, name="default")
    client = Client()
    response = log_in(client, "boss")
    assert response.status_code == 200 and 'name="token-otp_token"' in response.content.decode()
    assert "_auth_user_id" not in client.session  # the password alone logs no one in
    response = client.post(
        reverse("two_factor:login"), {"login_view-current_step": "token", "token-otp_token": "123456"}
    )
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code slowed the device down; try again at once
    device.save()
    response = client.post(
        reverse("two_factor:login"), {"login_view-current_step": "token", "token-otp_token": current_code(device)}
    )
    assert response.status_code == 302
    assert client.get("/admin/people/person/").status_code == 200


def test_an_editor_who_enrolled_is_asked_for_a_code_too(editor):
    device = TOTPDevice.objects.create(user=editor, name="default")
    client = Client()
    assert 'name="token-otp_token"' in log_in(client, "editor").content.decode()
    log_in(client, "editor", current_code(device))
    assert client.get("/admin/people/person/").status_code == 200


def test_five_wrong_passwords_still_lock_the_login(client, settings, superuser):
    url = reverse("two_factor:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"login_view-current_step": "auth", "auth-username": "boss", "auth-password": "wrong"})
    response = log_in(client, "boss")
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_the_shared_helper_gives_a_verified_session(superuser):
    assert log_in_verified(Client(), superuser).get("/admin/people/person/").status_code == 200
