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


def wait_over(seconds: int = 60) -> None:
    """Time passes: every recorded failure is ``seconds`` older."""
    import datetime

    from django.db.models import F

    from registry.models import RateLimitHit

    RateLimitHit.objects.update(created_at=F("created_at") - datetime.timedelta(seconds=seconds))


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
    wait_over()  # past the progressive delay (registry.signin), inside axes' 15 minutes
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


def test_failures_across_user_names_slow_an_address_down_without_hashing(client):
    """A flood with a new user name each time: after five failures, each next try from
    the address must wait, and a try made too soon is refused before any password is
    checked."""
    from django.contrib.auth import signals

    checked = []
    signals.user_login_failed.connect(
        lambda **kw: checked.append(1), dispatch_uid="t-count", weak=False
    )
    try:
        for number in range(5):
            assert sign_in(client, username=f"guess{number}", password="fel").status_code == 200
        assert len(checked) == 5
        refused = sign_in(client, username="guess-new", password="fel")
        assert refused.status_code == 429
        assert "Vänta 1 sekund" in refused.content.decode()
        assert len(checked) == 5  # no password was checked for the refused try
        wait_over(2)
        assert sign_in(client, username="guess-6", password="fel").status_code == 200
        refused = sign_in(client, username="guess-7", password="fel")
        assert "Vänta 2 sekunder" in refused.content.decode()  # twice as long
    finally:
        signals.user_login_failed.disconnect(dispatch_uid="t-count")


def test_a_stranger_cannot_lock_an_officer_out_of_their_own_browser(client):
    from django.test import Client

    from tests.conftest import CommittingClient

    make_officer()
    assert sign_in(client).status_code == 302  # the officer's browser is now known
    client.post("/utloggning/")
    for number in range(12):  # a stranger, from many addresses, at the officer's account
        stranger = Client(REMOTE_ADDR=f"198.51.100.{number}")
        sign_in(stranger, password="fel")
    assert (
        sign_in(CommittingClient(REMOTE_ADDR="203.0.113.9")).status_code == 429
    )  # a new browser waits
    assert sign_in(client).status_code == 302  # the officer's own browser does not


@pytest.mark.parametrize("field", ["username", "password"])
def test_overlong_input_never_reaches_authentication(client, field):
    from axes.models import AccessAttempt

    make_officer()
    values = {"username": "anna", "password": "x"}
    values[field] = "a" * 5000
    response = client.post("/inloggning/", values)
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
