"""Property-based tests (hypothesis): whatever arrives, never a 500 and never a partial write."""

import csv
import io
import string

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.models import Person
from petitions.models import Signature
from petitions.tokens import make_confirmation_token
from tests.imports.helpers import confirm, upload

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
ANY_TEXT = st.text(max_size=300)


@pytest.fixture
def petition(settings):
    from tests.petitions.factories import make_petition

    settings.SIGNING_RATE_PER_IP = "100000/m"
    settings.SIGNING_RATE_PER_DOMAIN = "100000/m"
    return make_petition(asks_postcode=True)


@EXAMPLES
@given(
    name=ANY_TEXT,
    email=st.one_of(st.emails(), ANY_TEXT),
    country=st.one_of(st.sampled_from(["GB", "IE", "FR", ""]), ANY_TEXT),
    postcode=ANY_TEXT,
    wants_email=st.sampled_from(["", "on", "yes", "\x00"]),
)
def test_the_signing_form_never_fails_and_stores_only_clean_names(
    petition, name, email, country, postcode, wants_email
):
    client = Client()
    form = {"name": name, "email": email, "country": country, "postcode": postcode, "wants_email": wants_email}
    response = client.post(f"/petitions/{petition.slug}/sign/", form)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        stored = Signature.objects.filter(email=email.strip()).first() or Signature.objects.order_by("-pk").first()
        assert "<" not in stored.name and ">" not in stored.name
        assert all(ord(char) >= 32 for char in stored.name)


@EXAMPLES
@given(token=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/"), min_size=1))
def test_any_confirmation_or_unsubscribe_token_gets_a_clear_answer(client, token):
    for url in (f"/petitions/confirm/{token}/", f"/email/unsubscribe/{token}/"):
        try:
            path = reverse("petitions:confirm" if "confirm" in url else "outreach:unsubscribe", args=[token])
        except Exception:  # a token the URL pattern cannot carry never reaches the view
            continue
        response = client.post(path)
        assert response.status_code in (400, 410), (path, response.status_code)


@EXAMPLES
@given(
    position=st.integers(min_value=0, max_value=200),
    replacement=st.sampled_from(string.ascii_letters + string.digits + "-_:"),  # what a link can carry
)
def test_a_tampered_confirmation_link_never_confirms(petition, position, replacement):
    from petitions.services import signature_submit

    signature_id = signature_submit(petition=petition, name="Ada L", email="ada@example.org", country="IE")
    token = make_confirmation_token(Signature.objects.get(pk=signature_id))
    position %= len(token)
    if token[position] == replacement:
        return
    tampered = token[:position] + replacement + token[position + 1 :]
    try:
        signing.loads(tampered, salt="petitions.signature.confirm")
        return  # the change happened to leave a valid token (e.g. in an ignored padding bit)
    except signing.BadSignature:
        pass
    response = Client().post(f"/petitions/confirm/{tampered}/")
    assert response.status_code in (400, 404)
    assert Signature.objects.get(pk=signature_id).status == "pending"


@EXAMPLES
@given(rows=st.lists(st.lists(st.text(max_size=40), min_size=3, max_size=6), min_size=1, max_size=5))
def test_a_csv_import_is_all_or_nothing_whatever_the_rows(editor_client, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["given_name", "family_name", "email", "country", "legislature", "consent"])
    for row in rows:
        writer.writerow(row)
    before = Person.objects.count()
    page = upload(editor_client, buffer.getvalue())
    assert page.status_code == 200
    assert Person.objects.count() == before  # the preview writes nothing
    person_import = page.context["person_import"]
    if person_import.status == "checked" and not person_import.error_count:
        done = confirm(editor_client, page).context["person_import"]
        assert done.status == "done"
        assert Person.objects.count() == before + done.new_count
    else:
        assert Person.objects.count() == before
