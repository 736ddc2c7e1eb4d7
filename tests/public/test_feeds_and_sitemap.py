"""Atom feeds, sitemap.xml and robots.txt: XML that parses, the right absolute URLs."""

from xml.etree import ElementTree

import pytest
from django.test import override_settings
from django.urls import reverse

from claims.models import Rating
from claims.review.publication import claimant_path, fact_check_url, site_url
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(response) -> list[dict]:
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return [{"title": entry.findtext(f"{ATOM}title"), "id": entry.findtext(f"{ATOM}id"),
             "link": entry.find(f"{ATOM}link").get("href")} for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_lists_published_fact_checks_newest_first(client, newsroom):
    claims, hidden = newsroom(published=3)
    entries = atom_entries(client.get(reverse("public:feed")))
    newest_first = sorted(claims, key=lambda claim: claim.first_published_at, reverse=True)
    assert [entry["link"] for entry in entries] == [fact_check_url(claim) for claim in newest_first]
    assert all(entry["id"] == entry["link"] for entry in entries)
    assert hidden.text not in client.get(reverse("public:feed")).content.decode()


def test_the_corrections_feed_lists_each_correction_once(client, publish, correct):
    claim = publish()
    correct(claim, rating=Rating.MOSTLY_TRUE)
    correct(claim, rating=Rating.TRUE)
    publish()
    entries = atom_entries(client.get(reverse("public:corrections-feed")))
    assert len(entries) == 2 and len({entry["id"] for entry in entries}) == 2
    assert entries[0]["link"] == fact_check_url(claim) + "#corrections"
    assert "was Mostly true, now True" in entries[0]["title"]
    assert "was False, now Mostly true" in entries[1]["title"]


@override_settings(CLAIMTRACKER_SITE_URL="https://factcheck.news.example/")
def test_the_sitemap_lists_the_list_every_fact_check_and_claimant_on_the_site_url(client, publish):
    ada = ClaimantFactory(name="Ada Smith")
    claims = [publish(ClaimFactory(claimant=ada)), publish(ClaimFactory())]
    ClaimFactory(claimant=ClaimantFactory(name="Never Checked"))  # not published: no claimant page
    response = client.get(reverse("public:sitemap"))
    assert response.status_code == 200
    urls = ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert locations == ["https://factcheck.news.example/", *[fact_check_url(claim) for claim in claims],
                         "https://factcheck.news.example" + claimant_path(ada)]
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in urls)


def test_robots_allows_all_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {site_url('/sitemap.xml')}" in lines


@pytest.mark.parametrize("name", ["public:feed", "public:corrections-feed", "public:sitemap", "public:robots"])
def test_feeds_and_sitemap_answer_get_only(client, name):
    assert client.get(reverse(name)).status_code == 200
    assert client.post(reverse(name)).status_code == 405
