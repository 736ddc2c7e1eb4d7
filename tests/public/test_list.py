"""/: the published fact-checks, newest first, with search, filters and pages."""

import pytest
from django.urls import reverse

from claims.models import Rating
from claims.review.publication import fact_check_path
from public.views import PAGE_SIZE
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("public:index")


def listed(response) -> list[str]:
    """Fact-check paths of the page's cards, in order."""
    import re

    return re.findall(r'<h3 class="card-claim"><a href="([^"]+)"', response.content.decode())


def test_only_published_claims_are_listed_newest_first(client, newsroom):
    claims, hidden = newsroom(published=4)
    response = client.get(INDEX)
    assert response.status_code == 200
    newest_first = sorted(claims, key=lambda claim: claim.first_published_at, reverse=True)
    assert listed(response) == [fact_check_path(claim) for claim in newest_first]
    assert hidden.text not in response.content.decode()
    assert "Unpublished wombats" not in response.content.decode()


def test_the_list_links_its_atom_feed(client, newsroom):
    newsroom(published=1)
    html = client.get(INDEX).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="http://127.0.0.1:8000/feed/"' in html or "/feed/" in html


def test_search_finds_words_of_the_claim_and_the_claimants_name(client, newsroom):
    claims, hidden = newsroom(published=6, claimants=3)
    inflation = [claim for claim in claims if claim.text.startswith("Inflation")]
    assert listed(client.get(INDEX, {"q": "inflation"})) == [fact_check_path(claim) for claim in inflation]
    jones = sorted((claim for claim in claims if claim.claimant.name == "Senator Bo Jones"),
                   key=lambda claim: claim.first_published_at, reverse=True)
    assert listed(client.get(INDEX, {"q": "bo jones"})) == [fact_check_path(claim) for claim in jones]
    assert listed(client.get(INDEX, {"q": "wombats"})) == []


@pytest.mark.parametrize("name", ["rating", "language", "claimant"])
def test_each_filter_keeps_only_matching_fact_checks(client, newsroom, name):
    claims, _ = newsroom(published=6, claimants=3)
    value, keep = {
        "rating": (Rating.TRUE, lambda claim: claim.rating == Rating.TRUE),
        "language": ("es", lambda claim: claim.article.language == "es"),
        "claimant": (claims[0].claimant_id, lambda claim: claim.claimant_id == claims[0].claimant_id),
    }[name]
    expected = {fact_check_path(claim) for claim in claims if keep(claim)}
    assert expected and len(expected) < len(claims)
    response = client.get(INDEX, {name: value})
    assert response.status_code == 200
    assert set(listed(response)) == expected


def test_date_filter_is_on_the_day_published(client, newsroom):
    claims, _ = newsroom(published=2)
    today = claims[0].first_published_at.date().isoformat()
    assert len(listed(client.get(INDEX, {"date_from": today, "date_to": today}))) == 2
    assert listed(client.get(INDEX, {"date_to": "2001-01-01"})) == []
    assert listed(client.get(INDEX, {"date_from": "9999-12-31", "date_to": "9999-12-31"})) == []


@pytest.mark.parametrize("params", [
    {"rating": "pants_on_fire_and_more"}, {"date_from": "yesterday"}, {"date_to": "2024-02-30"},
    {"claimant": "abc"}, {"claimant": str(2**70)}, {"claimant": "-3"}, {"language": "english!"},
    {"q": "x" * 201}, {"date_from": "2025-05-02", "date_to": "2025-05-01"},
])
def test_invalid_filters_answer_400_with_the_form_and_its_errors(client, newsroom, params):
    newsroom(published=1)
    response = client.get(INDEX, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html and '<form class="filters"' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999999999999999999999"])
def test_any_page_number_gives_a_page(client, newsroom, page):
    newsroom(published=1)
    assert client.get(INDEX, {"page": page}).status_code == 200


def test_pages_hold_a_bounded_number_of_fact_checks(client, publish):
    for _ in range(PAGE_SIZE + 1):
        publish()
    first, second = client.get(INDEX), client.get(INDEX, {"page": 2})
    assert len(listed(first)) == PAGE_SIZE and len(listed(second)) == 1
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()


def test_the_list_is_cacheable_and_answers_304_when_nothing_changed(client, publish):
    publish()
    response = client.get(INDEX)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(INDEX, headers={"if-none-match": response["ETag"]}).status_code == 304
    assert client.get(INDEX, headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    publish(ClaimFactory())
    assert client.get(INDEX, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_reopening_a_published_claim_changes_the_lists_etag(client, publish, editor):
    from claims.review import workflow

    claim = publish()
    etag = client.get(INDEX)["ETag"]
    workflow.claim_reopen(claim=claim, actor=editor, note="Checking again")
    response = client.get(INDEX, headers={"if-none-match": etag})
    assert response.status_code == 200 and listed(response) == []


@pytest.mark.parametrize("query", ["'", "&", "!", ":*", "a & | b", '"unclosed', "-", "OR", "the", "%", "_", "\\", "<script>"])
def test_search_takes_any_words(client, newsroom, query):
    newsroom(published=1)
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_a_page_rendered_once_is_served_again_until_what_it_shows_changes(client, publish, monkeypatch):
    """The rendered HTML is kept under the page's ETag: the second reader gets the same bytes without a
    render; a new publication changes the ETag, and the page."""
    from public import views

    first = publish()
    renders = []
    real_render = views._render
    monkeypatch.setattr(views, "_render", lambda *args, **kwargs: renders.append(1) or real_render(*args, **kwargs))
    html = client.get("/").content
    assert client.get("/").content == html and len(renders) == 1
    assert client.get("/?q=coca").status_code == 200 and len(renders) == 2  # another query, another page
    second = publish()
    again = client.get("/").content
    assert len(renders) == 3 and fact_check_path(second).encode() in again and fact_check_path(first).encode() in again


def test_the_page_cache_can_be_turned_off(client, publish, settings, monkeypatch):
    from public import views

    settings.CLAIMTRACKER_PUBLIC_CACHE_SECONDS = 0
    publish()
    renders = []
    real_render = views._render
    monkeypatch.setattr(views, "_render", lambda *args, **kwargs: renders.append(1) or real_render(*args, **kwargs))
    client.get("/"), client.get("/")
    assert len(renders) == 2
