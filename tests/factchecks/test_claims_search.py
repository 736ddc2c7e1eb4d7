"""GET /v1alpha1/claims:search answers a client written for Google's Fact Check Tools API, changed
only in its base URL; errors in Google's shape; never a 500."""

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Rating
from factchecks.importing import document_reviews, factchecks_import_items
from tests.factchecks.test_import_files import claimreview
from tests.public.conftest import publish  # noqa: F401 (a fixture)

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


# --- A client that knows Google's documented shape, and nothing of ClaimTracker ---

@dataclass
class Publisher:
    name: str | None
    site: str | None


@dataclass
class ClaimReview:
    publisher: Publisher
    url: str | None
    title: str | None
    review_date: str | None
    textual_rating: str | None
    language_code: str | None


@dataclass
class Claim:
    text: str | None
    claimant: str | None
    claim_date: str | None
    claim_review: list[ClaimReview] = field(default_factory=list)


class FactCheckToolsError(Exception):
    def __init__(self, code, message, status):
        super().__init__(f"{code} {status}: {message}")
        self.code, self.message, self.status = code, message, status


class FactCheckToolsClient:
    """Google's `claims.search` (https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/claims/search)."""

    def __init__(self, base_url="https://factchecktools.googleapis.com", key=None):
        self.base_url, self.key = base_url.rstrip("/"), key

    def search(self, query=None, *, language_code=None, review_publisher_site_filter=None, max_age_days=None,
               page_size=None, page_token=None, offset=None):
        params = {"query": query, "languageCode": language_code,
                  "reviewPublisherSiteFilter": review_publisher_site_filter, "maxAgeDays": max_age_days,
                  "pageSize": page_size, "pageToken": page_token, "offset": offset, "key": self.key}
        url = f"{self.base_url}/v1alpha1/claims:search?" + urllib.parse.urlencode(
            {k: v for k, v in params.items() if v is not None})
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            detail = json.load(error)["error"]
            raise FactCheckToolsError(detail["code"], detail["message"], detail["status"]) from None
        claims = [Claim(c.get("text"), c.get("claimant"), c.get("claimDate"), [
            ClaimReview(Publisher(r.get("publisher", {}).get("name"), r.get("publisher", {}).get("site")),
                        r.get("url"), r.get("title"), r.get("reviewDate"), r.get("textualRating"),
                        r.get("languageCode")) for r in c.get("claimReview", [])]) for c in body.get("claims", [])]
        return claims, body.get("nextPageToken") or None

    def search_all(self, query=None, **filters):
        claims, token = self.search(query, **filters)
        while token:
            more, token = self.search(query, page_token=token, **filters)
            claims += more
        return claims


# --- The data ---

REVIEWS = [
    claimreview(1, claimReviewed="The unemployment rate doubled in the last two years.",
                url="https://www.factcheck-one.example/unemployment"),
    claimreview(2, claimReviewed="Vaccines contain microchips that track people.",
                url="https://factcheck-two.example/microchips", reviewRating={"alternateName": "False"},
                author={"@type": "Organization", "name": "Two Checks"}),
    claimreview(3, claimReviewed="Le chômage a doublé en deux ans.", inLanguage="fr",
                url="https://factcheck-one.example/chomage", datePublished="2001-01-01",
                itemReviewed={"@type": "Claim", "datePublished": "2000-12-30"}),
] + [claimreview(10 + n, claimReviewed=f"Crime rose by {n} percent in the city last year.",
                 url=f"https://crime.example/{n}") for n in range(12)]


CRIME_URLS = {f"https://crime.example/{n}" for n in range(12)}


@pytest.fixture
def fact_checks():
    import matching
    from matching.index import _caches
    from matching.models import FactCheckVector

    # The matcher's in-memory copy of the vectors only grows: one of rows that earlier tests rolled
    # back would crowd these out of the nearest candidates.
    _caches.clear()
    report = factchecks_import_items(document_reviews(REVIEWS), index=False)
    assert report.new == len(REVIEWS)
    assert matching.index_factchecks() == len(REVIEWS)  # as an import does (factchecks_index)
    assert FactCheckVector.objects.count() == len(REVIEWS)


@pytest.fixture
def client(live_server, fact_checks):
    return FactCheckToolsClient(live_server.url, key="ignored-api-key")


@pytest.mark.django_db(transaction=True)
def test_a_google_client_finds_imported_fact_checks_by_a_natural_sentence(client):
    claims, token = client.search("Is it true that unemployment has doubled over the past two years?")
    assert token is None or isinstance(token, str)
    best = claims[0]
    assert best.text == "The unemployment rate doubled in the last two years."
    assert best.claimant == "Ann Example" and RFC3339.match(best.claim_date)
    review = best.claim_review[0]
    assert review.publisher == Publisher("Checkers", "factcheck-one.example")
    assert review.url == "https://www.factcheck-one.example/unemployment"
    assert review.textual_rating == "Pants on Fire" and review.language_code == "en"
    assert RFC3339.match(review.review_date)


@pytest.mark.django_db(transaction=True)
def test_a_paraphrase_of_a_fact_checked_claim_finds_it_first(client):
    claims, _ = client.search("Do the covid jabs put tracking chips in your body?")
    assert claims[0].text == "Vaccines contain microchips that track people.", [c.text for c in claims[:3]]
    assert claims[0].claim_review[0].publisher == Publisher("Two Checks", "factcheck-two.example")


@pytest.mark.django_db(transaction=True)
def test_filters_by_site_language_and_age_and_site_alone_needs_no_query(client):
    claims, _ = client.search(review_publisher_site_filter="factcheck-two.example")
    assert [c.text for c in claims] == ["Vaccines contain microchips that track people."]
    claims, _ = client.search("chômage doublé", language_code="fr-FR")
    assert [c.claim_review[0].language_code for c in claims] == ["fr"]
    days = (timezone.now() - datetime.datetime(2021, 3, 1, tzinfo=datetime.timezone.utc)).days + 30
    recent, _ = client.search(review_publisher_site_filter="factcheck-one.example", max_age_days=days)
    assert [c.text for c in recent] == ["The unemployment rate doubled in the last two years."]
    every, _ = client.search(review_publisher_site_filter="factcheck-one.example")
    assert len(every) == 2


@pytest.mark.django_db(transaction=True)
def test_pages_through_next_page_token_and_offset(client):
    first, token = client.search("crime rose percent city", page_size=5)
    assert len(first) == 5 and token
    every = client.search_all("crime rose percent city", page_size=5)
    urls = [c.claim_review[0].url for c in every]
    # The matcher ranks the candidates, the best first: the twelve about crime; unrelated ones not at all.
    assert len(every) == len(set(urls)) == len(CRIME_URLS) and set(urls) == CRIME_URLS
    assert [c.text for c in every[:5]] == [c.text for c in first]
    from_offset, _ = client.search("crime rose percent city", page_size=5, offset=5)
    assert [c.text for c in from_offset] == [c.text for c in every[5:10]]
    default, _ = client.search("crime rose percent city")
    assert len(default) == 10


@pytest.mark.django_db(transaction=True)
def test_published_claimtracker_fact_checks_are_found_too(client, publish, settings):
    from tests.factories import ArticleFactory, ClaimFactory
    article = ArticleFactory(body="The new bridge cost four billion pounds to build. More text follows here.")
    claim = publish(ClaimFactory(article=article), rating=Rating.FALSE)
    claims, _ = client.search("How much did the new bridge cost to build?")
    ours = [c for c in claims if c.text == claim.text]
    assert ours, [c.text for c in claims]
    review = ours[0].claim_review[0]
    assert review.publisher.name == settings.CLAIMTRACKER_ORGANIZATION_NAME
    assert review.url.startswith(settings.CLAIMTRACKER_SITE_URL.rstrip("/")) and review.textual_rating == "False"


@pytest.mark.parametrize("params, message", [
    ({}, "Either query or reviewPublisherSiteFilter"),
    ({"languageCode": "en"}, "Either query or reviewPublisherSiteFilter"),
    ({"query": "x", "pageSize": "-1"}, "pageSize"),
    ({"query": "x", "pageSize": "ten"}, "pageSize"),
    ({"query": "x", "offset": "1.5"}, "offset"),
    ({"query": "x", "maxAgeDays": "-3"}, "maxAgeDays"),
    ({"query": "x", "languageCode": "english please"}, "languageCode"),
    ({"query": "x", "pageToken": "forged"}, "pageToken"),
    ({"query": "x\x00"}, "NUL character"),  # refused before the view (claimtracker.middleware), in Google's shape
])
@pytest.mark.django_db
def test_errors_are_googles(params, message):
    response = APIClient().get("/v1alpha1/claims:search", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT" and message in error["message"]


@pytest.mark.django_db
def test_a_page_token_of_another_query_or_tampered_is_refused(fact_checks):
    api = APIClient()
    token = api.get("/v1alpha1/claims:search", {"query": "crime rose", "pageSize": 2}).json()["nextPageToken"]
    assert api.get("/v1alpha1/claims:search", {"query": "crime rose", "pageToken": token}).status_code == 200
    assert api.get("/v1alpha1/claims:search", {"query": "other", "pageToken": token}).status_code == 400
    assert api.get("/v1alpha1/claims:search", {"query": "crime rose", "pageToken": token[:-2] + "xx"}).status_code == 400


@pytest.mark.django_db
def test_throttled_in_googles_shape(settings):
    settings.CLAIMTRACKER_FACTCHECKTOOLS_RATE = "2/min"
    api = APIClient()
    statuses = [api.get("/v1alpha1/claims:search", {"query": "anything"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api.get("/v1alpha1/claims:search", {"query": "anything"})
    assert response.json()["error"]["status"] == "RESOURCE_EXHAUSTED" and response["Retry-After"]


@pytest.mark.django_db
def test_documented_in_the_openapi_schema():
    import yaml
    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    operation = schema["paths"]["/v1alpha1/claims:search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "query", "languageCode", "reviewPublisherSiteFilter", "maxAgeDays", "pageSize", "pageToken", "offset"}
    assert operation["security"] == [{}] or not operation.get("security")


PARAMETERS = st.sampled_from(["query", "languageCode", "reviewPublisherSiteFilter", "maxAgeDays", "pageSize",
                              "pageToken", "offset", "key"])
VALUES = st.one_of(st.text(max_size=300), st.integers().map(str),
                   st.sampled_from(["", "0", "-1", "10", "99999999999999999999", "en", "fr-CA", "snopes.com",
                                    "1e3", " 5", "null"]))


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(PARAMETERS, VALUES, max_size=6))
def test_never_a_server_error_whatever_the_parameters(fact_checks, params):
    from django.core.cache import cache
    cache.clear()
    response = APIClient().get("/v1alpha1/claims:search", params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    body = response.json()
    if response.status_code == 200:
        assert set(body) <= {"claims", "nextPageToken"} and isinstance(body["claims"], list)
    else:
        assert set(body["error"]) == {"code", "message", "status"}
