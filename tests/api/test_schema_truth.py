"""The API does what its schema says, and the schema says what the API does (issue 13, "Keep it
proven"): found by schemathesis with all of its checks, each pinned here with a test that failed
before its fix."""

import re
from datetime import datetime

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.api.filters import DATE_TIME_PATTERN, BoundedIsoDateTimeField
from claims.api.pagination import MAX_PAGE_SIZE, PAGE_MAX
from claims.models import Article, Claim
from claims.web_urls import WEB_URL_PATTERN, web_url
from tests.api.test_server_errors import published_claims
from tests.factories import ClaimantFactory


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return yaml.safe_load(APIClient().get("/api/schema/").content)


# --- query parameters ---

@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "null", "٣"])
@pytest.mark.parametrize("path", ["/api/claims/", "/api/claimreview/", "/api/claimants/", "search"])
def test_a_page_size_that_is_no_whole_number_from_1_is_a_400_that_names_it(anon, path, value):
    published_claims()
    query = {"q": "coca"} if path == "search" else {}
    response = anon.get("/api/claims/" if path == "search" else path, {**query, "page_size": value})
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()) == ["page_size"]


def test_a_page_size_above_the_most_gives_the_most_and_empty_gives_the_default(anon):
    published_claims()
    assert len(anon.get("/api/claims/", {"page_size": "100000"}).json()["results"]) == 3
    assert anon.get("/api/claims/", {"page_size": ""}).status_code == 200
    assert MAX_PAGE_SIZE == 200


@pytest.mark.parametrize("query", [
    {"status": ""}, {"rating": ""}, {"kind": ""}, {"article": ""}, {"claimant": ""}, {"assigned_to": ""},
    {"created_after": ""}, {"created_before": ""}, {"ordering": ""}, {"cursor": ""}, {"page_size": ""},
    {"language": ""}, {"min_check_worthiness": ""}, {"q": ""},
])
def test_an_empty_parameter_is_the_same_as_leaving_it_out(anon, query):
    published_claims()
    every = anon.get("/api/claims/").json()["results"]
    response = anon.get("/api/claims/", query)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["results"] == every


def test_a_page_past_the_last_is_empty_and_one_past_the_most_a_400(anon):
    claimant = ClaimantFactory(name="Petro")
    for claim in published_claims():
        Claim.objects.filter(pk=claim.pk).update(claimant=claimant)
    past = anon.get("/api/claimants/", {"page": 7})
    assert past.status_code == 200 and past.json()["results"] == [] and past.json()["count"] == 1
    assert anon.get("/api/claimants/", {"page": ""}).json()["results"]
    for odd in ("٣", " 2", "+2", "2.0", "last"):  # int() would take the first three
        assert anon.get("/api/claimants/", {"page": odd}).status_code == 400, odd
    for path, query in (("/api/claimants/", {}), ("/api/claims/", {"q": "coca"})):
        beyond = anon.get(path, {**query, "page": PAGE_MAX + 1})
        assert beyond.status_code == 400 and list(beyond.json()) == ["page"]
        assert anon.get(path, {**query, "page": 0}).status_code == 400
        assert anon.get(path, {**query, "page": PAGE_MAX}).status_code == 200


@pytest.mark.parametrize("value", ["1.5", "1e60", str(2**63), "x"])
def test_an_id_filter_takes_whole_numbers_within_bigint(anon, value):
    response = anon.get("/api/claims/", {"article": value})
    assert response.status_code == 400 and list(response.json()) == ["article"]


# --- request bodies ---

def test_a_language_code_is_two_lower_case_letters(as_editor):
    response = as_editor.post("/api/articles/", {"title": "T", "body": "Prices rose.", "language": "0000000"})
    assert response.status_code == 400
    assert "ISO 639-1" in response.json()["language"][0]


def test_an_article_url_is_stored_as_a_valid_uri_and_a_host_less_one_refused(as_editor):
    created = as_editor.post("/api/articles/", {"title": "T", "body": "Prices rose.",
                                                "url": "hTtPs://example.org/café?q=<x>&p=%zz"})
    assert created.status_code == 201, created.content
    stored = Article.objects.get(pk=created.json()["id"]).url
    assert stored == "https://example.org/caf%C3%A9?q=%3Cx%3E&p=%25zz" == created.json()["url"]
    refused = as_editor.post("/api/articles/", {"title": "U", "body": "Prices fell.", "url": "HTTP://0?0"})
    assert refused.status_code == 400 and list(refused.json()) == ["url"]
    patched = as_editor.patch(f"/api/articles/{created.json()['id']}/", {"url": "https://example.org/é"})
    assert patched.status_code == 200 and patched.json()["url"] == "https://example.org/%C3%A9"


# --- the schema says so ---

def test_public_reads_declare_sign_in_optional_and_nothing_else_does(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            optional = {} in operation["security"]
            public = method == "get" and not path.endswith("/history/") and (
                path.startswith("/api/") or path == "/v1alpha1/claims:search") and path != "/api/schema/"
            assert optional == public, (method, path)


def test_request_bodies_refuse_unknown_fields_and_moves_say_what_each_action_needs(schema):
    components = schema["components"]["schemas"]
    for name, component in components.items():
        if name.endswith("Request") and "oneOf" not in component:
            assert component["additionalProperties"] is False, name
    rate, reopen, others = components["TransitionRequest"]["oneOf"]
    assert rate["properties"]["action"]["enum"] == ["rate"] and {"rating", "summary"} <= set(rate["required"])
    assert reopen["required"] == ["action", "note"]
    assert "rate" not in others["properties"]["action"]["enum"]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(WEB_URL_PATTERN, fullmatch=True))
def test_every_url_the_schema_admits_is_stored(url):
    web_url(url)  # raises ValueError if not


@st.composite
def schema_date_times(draw) -> str:
    """Date-times in every form the pattern admits: with or without seconds and their fractions,
    Z or an offset up to 14 hours, years 0001-9999."""
    moment = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)))
    text = f"{moment.year:04d}-{moment:%m-%dT%H:%M}"
    if draw(st.booleans()):
        text += moment.strftime(":%S") + draw(st.sampled_from(["", ".5", ".123456", ".000000001"]))
    minutes = draw(st.integers(-14 * 60, 14 * 60))
    if draw(st.booleans()) or minutes == 0:
        return text + "Z"
    return text + f"{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@settings(max_examples=300, deadline=None)
@given(schema_date_times())
@example("0001-01-01T00:00+05:00")  # before the year 1 once in UTC: the first moment there is
@example("9999-12-31T23:00:00.5-14:00")
def test_every_date_time_the_schema_admits_is_a_filter_the_api_takes(moment):
    assert re.fullmatch(DATE_TIME_PATTERN, moment)
    BoundedIsoDateTimeField().clean(moment)  # raises ValidationError if not


@pytest.mark.parametrize("value", ["1.5", "-0.1", "1e60", "inf", "nan"])
def test_a_minimum_check_worthiness_is_a_score_from_0_to_1(anon, value):
    response = anon.get("/api/claims/", {"min_check_worthiness": value})
    assert response.status_code == 400 and list(response.json()) == ["min_check_worthiness"]
