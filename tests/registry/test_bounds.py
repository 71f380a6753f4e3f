"""Every request, formset and input bounded: no input produces a server error or makes
one worker build a huge page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_large_body_is_refused_before_it_is_read(client):
    body = b"x" * (21 * 1024 * 1024)
    response = client.generic(
        "POST",
        reverse("registry:register"),
        data=body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()


def test_an_ordinary_form_post_is_not_affected(client):
    response = client.post(reverse("registry:edit-link-request"), {"email": "a@example.se"})
    assert response.status_code == 302


@pytest.mark.parametrize("length", [150, 151, 256, 5000])
def test_a_long_user_name_or_password_on_sign_in_is_a_form_error(client, length):
    response = client.post(
        reverse("registry:login"), {"username": "a" * length, "password": "p" * length}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error-summary" in response.content.decode()
