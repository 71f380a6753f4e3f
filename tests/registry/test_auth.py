import pytest
from django.core import mail

from tests.registry.helpers import last_link, make_officer

pytestmark = pytest.mark.django_db

PASSWORD = "ett-langt-losenord-123"


def sign_in(client, password=PASSWORD, username="handlaggare"):
    return client.post("/inloggning/", {"username": username, "password": password})


def test_officer_signs_in_on_the_portal_and_out_again(client):
    make_officer()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/handlaggare/"
    assert client.get("/handlaggare/").status_code == 200
    client.post("/utloggning/")
    assert client.get("/handlaggare/").status_code == 302


def test_wrong_password_is_an_error_next_to_the_form(client):
    make_officer()
    response = sign_in(client, password="fel")
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()


def test_five_failures_lock_out_for_fifteen_minutes_and_success_resets(client, settings):
    import datetime

    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    make_officer()
    for _ in range(4):
        sign_in(client, password="fel")
    assert sign_in(client).status_code == 302  # success resets the count
    client.post("/utloggning/")
    for _ in range(5):
        sign_in(client, password="fel")
    locked = sign_in(client)  # even the right password
    assert locked.status_code == 429
    assert "15 minuter" in locked.content.decode()


def test_password_reset_on_the_portal(client):
    officer = make_officer()
    response = client.post("/inloggning/aterstall/", {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = last_link("/inloggning/aterstall/")
    response = client.get(link, follow=True)
    new = "ett-annat-langt-losenord-456"
    client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
