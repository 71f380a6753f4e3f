"""Browser tests: Debian's Chromium driven by Playwright's sync API against ``live_server``.

The browser is the system one at /usr/bin/chromium (``apt-get install chromium``);
Playwright's own browser downloads are never used. Without it the tests are skipped,
so ``make test`` passes on a machine that has no Chromium.
"""

from pathlib import Path

import pytest
from django.db import connections

from registry.models import Municipality

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
NO_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium"


def pytest_collection_modifyitems(config, items):
    """Skip browser tests up front when there is no Chromium, before any database set-up."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for all the browser tests; each test gets its own context.

    Package scope, not session: pytest-django runs the transactional tests (these) before
    the tests without a database, and Playwright's event loop must be gone by then, or
    their ``asyncio.run()`` and ``async_to_sync()`` would fail on a running loop.
    """
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api")
    # Django keeps its connections in asgiref's Local, which is a plain thread-local
    # while no event loop runs, but a context variable once one does. From the moment
    # Playwright starts its loop, ``connections["default"]`` would therefore be a new,
    # second connection object, without the state the test database set-up left on the
    # first: the serialized reference data that serialized_rollback restores. Hand the
    # set-up's connection objects over, so that tests, pytest-django and the live
    # server all keep using them. (django_db_setup above makes sure they exist by now.)
    test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_api.sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in the test thread
        # (it switches to it through greenlets whenever it talks to the browser). Django
        # sees that loop and raises SynchronousOnlyOperation on every ORM call from the
        # tests, its guard against blocking database calls inside async code. The tests
        # are plain synchronous code that merely share the thread with that loop, never a
        # coroutine, so the guard is a false alarm here: allow it while the loop lives.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in test_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser context (no cookies, no cache) with relative URLs on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(autouse=True)
def no_map_tiles_from_outside(settings):
    """The organisations' map draws no tiles in browser tests (``MAP_TILE_URL`` empty):
    by default they would come from OpenStreetMap. The map's own tests serve tiles from
    the live server (``tests/browser/map_tiles.py``)."""
    settings.MAP_TILE_URL = ""


@pytest.fixture(autouse=True)
def reference_data(request):
    """The reference data from the data migrations is there in every browser test.

    Live-server tests must be transactional (the server's thread cannot see data inside
    the test's transaction), and a transactional test empties the database when it ends.
    The browser tests are marked ``serialized_rollback=True``, so pytest-django restores
    the migrations' data before each of them; this fails loudly if that ever stops.
    """
    if request.node.get_closest_marker("browser") is None:
        return
    request.getfixturevalue("transactional_db")
    assert Municipality.objects.filter(code="0583", name="Motala").exists(), (
        "reference data missing: mark browser tests "
        "@pytest.mark.django_db(transaction=True, serialized_rollback=True)"
    )
