"""Fixtures of the read API's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Reference choices and directory pages are cached per process; each test starts
    with none, so query counts do not depend on the order tests run in."""
    cache.clear()
    yield
    cache.clear()


def get_json(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()
