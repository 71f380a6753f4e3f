import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/integritet/", "Integritetspolicy"),
        ("/tillganglighet/", "Tillgänglighetsredogörelse"),
        ("/en/integritet/", "Privacy notice"),
        ("/en/tillganglighet/", "Accessibility statement"),
    ],
)
def test_law_pages_exist_and_are_linked_from_every_page(client, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()
    footer = client.get("/organisationer/").content.decode()
    assert 'href="/integritet/"' in footer
    assert 'href="/tillganglighet/"' in footer


def test_404_page_is_the_sites_own(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
