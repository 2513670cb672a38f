import csv
import io

import pytest
from django.urls import reverse

from petitions.services import signature_submit

from .factories import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    petition = make_petition()
    signature_submit(petition=petition, name="Ada Lovelace", email="ada@example.org", country="GB")
    signature_submit(petition=petition, name="=HYPERLINK(1)", email="formula@example.org", country="IE")
    return petition


def test_a_superuser_gets_a_streamed_csv_of_the_signatures(admin_client, petition):
    response = admin_client.get(reverse("admin:petitions_petition_export_signatures", args=[petition.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="signatures-test-petition-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["email"] for row in rows] == ["ada@example.org", "formula@example.org"]
    # A name that a spreadsheet would run as a formula is neutralised.
    assert rows[1]["name"] == "'=HYPERLINK(1)"


def test_editors_cannot_export_personal_data(editor_client, petition):
    response = editor_client.get(reverse("admin:petitions_petition_export_signatures", args=[petition.pk]))
    assert response.status_code == 403
    changelist = editor_client.get(reverse("admin:petitions_petition_changelist")).content.decode()
    assert "signatures.csv" not in changelist


def test_editors_find_signatures_by_address_and_invalidate_them(editor_client, petition):
    changelist = reverse("admin:petitions_signature_changelist")
    response = editor_client.get(changelist, {"q": "ada@example.org"})
    assert [s.email for s in response.context["cl"].result_list] == ["ada@example.org"]
    signature = response.context["cl"].result_list[0]
    editor_client.post(changelist, {"action": "mark_invalidated", "_selected_action": [signature.pk]})
    signature.refresh_from_db()
    assert signature.status == "invalidated"
