import json
from datetime import datetime, timezone

import pytest
from django.test import override_settings
from pyld import jsonld

from claims.api.claimreview import is_organisation, review_rating
from claims.models import Rating, RatingLevel
from claims.review.ratings import rating_scale
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
# No internet here: the schema.org context is served locally, reduced to its vocabulary.
LOCAL_SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": SCHEMA}}


def local_loader(url, options=None):
    if url.rstrip("/") == "https://schema.org":
        return {"contextUrl": None, "documentUrl": url, "document": LOCAL_SCHEMA_ORG_CONTEXT}
    raise jsonld.JsonLdError("No internet in tests.", "jsonld.LoadDocumentError", {"url": url})


@pytest.fixture
def reviewed_claim(publish):
    article = ArticleFactory(
        title="Trump en Petro", url="https://news.example/trump-petro", source=SourceFactory(name="NOS"),
        published_at=datetime(2026, 11, 20, 8, tzinfo=timezone.utc),
    )
    claim = ClaimFactory(article=article, claimant=ClaimantFactory(name="Gustavo Petro"))
    return publish(claim, Rating.FALSE)


@override_settings(CLAIMTRACKER_ORGANIZATION_NAME="Fact Desk",
                   CLAIMTRACKER_ORGANIZATION_URL="https://factdesk.example/",
                   CLAIMTRACKER_SITE_URL="https://factdesk.example/checks/")
def test_claimreview_carries_every_field(anon, reviewed_claim):
    response = anon.get(f"/api/claims/{reviewed_claim.pk}/claimreview/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/ld+json"
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    # the public page that hosts the fact-check, on the site's address (Google's rule for `url`)
    assert review["url"] == f"https://factdesk.example/checks/fact-checks/{reviewed_claim.pk}-colombia-is-the-worlds-largest-producer-of-coca/"
    assert review["claimReviewed"] == reviewed_claim.text
    assert review["datePublished"] == reviewed_claim.first_published_at.isoformat(timespec="seconds")
    assert review["dateModified"] >= review["datePublished"]
    assert review["inLanguage"] == reviewed_claim.article.language
    assert review["author"] == {"@type": "Organization", "name": "Fact Desk", "url": "https://factdesk.example/"}
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 6, "worstRating": 1, "alternateName": "False"}
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Gustavo Petro"},
        "datePublished": "2026-11-20T08:00:00+00:00",
        "appearance": {"@type": "CreativeWork", "url": "https://news.example/trump-petro",
                       "headline": "Trump en Petro", "name": "Trump en Petro",
                       "datePublished": "2026-11-20T08:00:00+00:00",
                       "publisher": {"@type": "Organization", "name": "NOS"}},
    }
    assert review["reviewBody"] == "The UNODC survey says otherwise."


def test_claimreview_parses_as_json_ld(anon, reviewed_claim):
    review = anon.get(f"/api/claims/{reviewed_claim.pk}/claimreview/").json()
    expanded = jsonld.expand(review, options={"documentLoader": local_loader})
    assert len(expanded) == 1
    node = expanded[0]
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert node[SCHEMA + "claimReviewed"] == [{"@value": reviewed_claim.text}]
    rating = node[SCHEMA + "reviewRating"][0]
    assert rating[SCHEMA + "ratingValue"] == [{"@value": 1}]
    assert rating[SCHEMA + "alternateName"] == [{"@value": "False"}]
    item = node[SCHEMA + "itemReviewed"][0]
    assert item[SCHEMA + "author"][0]["@type"] == [SCHEMA + "Person"]
    assert item[SCHEMA + "appearance"][0][SCHEMA + "url"] == [{"@value": "https://news.example/trump-petro"}]
    # and it survives a round trip through N-Quads
    assert "<https://schema.org/ClaimReview>" in jsonld.normalize(
        review, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": local_loader})


def test_unpublished_claims_have_no_claimreview(as_editor, claim, rate):
    assert as_editor.get(f"/api/claims/{claim.pk}/claimreview/").status_code == 404
    rate(claim)
    response = as_editor.get(f"/api/claims/{claim.pk}/claimreview/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_claim_without_claimant_is_attributed_to_the_outlet(anon, publish):
    claim = publish(ClaimFactory(article=ArticleFactory(source=SourceFactory(name="Caracol Radio"))))
    author = anon.get(f"/api/claims/{claim.pk}/claimreview/").json()["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Caracol Radio"}


def test_json_is_served_when_asked_for(anon, published_claim):
    response = anon.get(f"/api/claims/{published_claim.pk}/claimreview/", HTTP_ACCEPT="application/json")
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.content)["@type"] == "ClaimReview"


@pytest.mark.parametrize(("name", "organisation"), [
    ("Regional security analysts", True),
    ("Ministry of Defence", True),
    ("The Colombian government", True),
    ("Gustavo Petro", False),
    ("Donald Trump", False),
])
def test_claimants_that_look_like_organisations(name, organisation):
    assert is_organisation(name) is organisation


def test_every_rating_of_the_starting_scale_has_its_own_value():
    scale = rating_scale()
    assert {r.slug for r in scale} == set(Rating.values)
    ratings = {r.slug: review_rating(r, scale) for r in scale}
    assert ratings["unproven"] == {"@type": "Rating", "alternateName": "Unproven"}
    values = [ratings[slug]["ratingValue"] for slug in Rating.values if slug != "unproven"]
    assert len(set(values)) == len(values)  # Misleading and Mostly false used to share 2
    assert ratings["true"]["ratingValue"] == ratings["true"]["bestRating"] == max(values)
    assert ratings["false"]["ratingValue"] == ratings["false"]["worstRating"] == min(values)
    assert ratings["misleading"]["ratingValue"] > ratings["mostly_false"]["ratingValue"]


def test_a_rating_an_editor_adds_is_on_the_scale_and_in_the_claimreview(anon, publish):
    RatingLevel.objects.create(slug="missing_context", label="Missing context", value=7,
                               description="Accurate, but without the context that would change its meaning.")
    claim = publish(ClaimFactory(), "missing_context")
    rating = anon.get(f"/api/claims/{claim.pk}/claimreview/").json()["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Missing context", "ratingValue": 7,
                      "bestRating": 7, "worstRating": 1}
    assert anon.get("/api/claims/", {"rating": "missing_context"}).json()["results"][0]["id"] == claim.pk
    assert anon.get("/api/ratings/").json()[0]["slug"] == "missing_context"


def test_feed_lists_published_reviews_newest_first(anon, publish):
    older = publish(ClaimFactory())
    newer = publish(ClaimFactory(), Rating.MOSTLY_TRUE)
    ClaimFactory()  # unreviewed
    response = anon.get("/api/claimreview/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/ld+json"
    reviews = response.json()["results"]
    assert [review["claimReviewed"] for review in reviews] == [newer.text, older.text]
    assert [review["url"].split("/")[-2].split("-")[0] for review in reviews] == [str(newer.pk), str(older.pk)]
    assert reviews[0]["reviewRating"]["alternateName"] == "Mostly true"


def test_feed_pages_with_a_cursor(anon, publish):
    claims = [publish(ClaimFactory()) for _ in range(3)]
    first = anon.get("/api/claimreview/?page_size=2").json()
    second = anon.get(first["next"]).json()
    urls = [review["url"] for review in first["results"] + second["results"]]
    assert [url.split("/")[-2].split("-")[0] for url in urls] == [str(claim.pk) for claim in reversed(claims)]
    assert second["next"] is None
