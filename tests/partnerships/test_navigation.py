"""One sub-navigation on every officer page, in both apps, and no link twice: the top
bar leads to the officer pages, the sub-navigation moves between them."""

import re

import pytest

pytestmark = pytest.mark.django_db

OFFICER_PAGES = [
    "/handlaggare/",
    "/handlaggare/granskning/",
    "/handlaggare/problem/",
    "/handlaggare/kontroll/",
    "/handlaggare/insatser/",
    "/handlaggare/mal/",
    "/handlaggare/mal/enheter/",
    "/handlaggare/styrdokument/",
    "/handlaggare/enheter/",
]


def links(html: str) -> list[str]:
    return re.findall(r'<a[^>]*href="([^"]+)"', html)


def header_of(html: str) -> str:
    return re.search(r"<header.*?</header>", html, re.S).group(0)


def subnav_of(html: str) -> str:
    navs = re.findall(r'<nav aria-label="[^"]+" class="subnav mb-4">.*?</nav>', html, re.S)
    assert len(navs) == 1, "one sub-navigation per officer page"
    return navs[0]


@pytest.mark.parametrize("url", OFFICER_PAGES)
def test_no_link_is_both_in_the_top_bar_and_in_the_sub_navigation(client, motala_officer, url):
    client.force_login(motala_officer)
    html = client.get(url).content.decode()
    top, sub = set(links(header_of(html))), set(links(subnav_of(html)))
    assert sub and not top & sub


@pytest.mark.parametrize("url", OFFICER_PAGES)
def test_every_sub_navigation_looks_the_same_and_marks_the_page(client, motala_officer, url):
    client.force_login(motala_officer)
    html = client.get(url).content.decode()
    subnav = subnav_of(html)
    assert '<ul class="nav nav-pills flex-wrap gap-1">' in subnav
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', subnav)
    if url == "/handlaggare/":
        # The overview is the top bar's "Officer pages", marked there.
        assert current == []
        assert re.search(r'href="/handlaggare/" aria-current="page"', header_of(html))
    else:
        assert current == [url]
    assert subnav.count('aria-current="page"') == len(current)
