"""The API's documentation page: in both languages, its scripts our own, the CSP unchanged."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "heading"), [("/api/v1/docs/", "Open API"), ("/fa/api/v1/docs/", "API باز")])
def test_the_docs_page_explains_the_api_and_loads_swagger_ui_from_our_own_files(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert 'href="/api/v1/schema/"' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "https://" not in page.split("<main", 1)[1].split("</main>")[0]
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp


def test_the_static_files_it_needs_are_served(client, db):
    for path in (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/api/docs.js",
    ):
        assert client.get(path).status_code == 200, path
