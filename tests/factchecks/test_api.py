"""POST /api/factchecks/import/ (editors), GET /api/factchecks/ (public)."""

import json

import pytest

from factchecks.models import FactCheck
from tests.factchecks.test_import_files import MICRODATA, claimreview

pytestmark = pytest.mark.django_db
URL = "/api/factchecks/import/"


@pytest.fixture(autouse=True)
def _no_indexing(monkeypatch):
    import matching
    monkeypatch.setattr(matching, "index_factchecks", lambda ids: None)


def test_import_needs_add_factcheck_anonymous_401_reviewer_403_editor_200(anon, client_of, reviewer, editor):
    document = [claimreview(1), claimreview(2)]
    assert anon.post(URL, document, format="json").status_code == 401
    assert client_of(reviewer).post(URL, document, format="json").status_code == 403
    response = client_of(editor).post(URL, document, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"new": 2, "existing": 0, "skipped": 0, "problems": [], "unmapped_ratings": []}
    again = client_of(editor).post(URL, document, format="json").json()
    assert (again["new"], again["existing"]) == (0, 2)


def test_a_datafeed_with_a_bad_item_and_an_unmapped_label(client_of, editor):
    feed = {"@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [claimreview(3, reviewRating={"alternateName": "Two Pinocchios"})]},
        {"@type": "DataFeedItem", "item": [{"@type": "ClaimReview", "claimReviewed": "No URL"}]}]}
    body = client_of(editor).post(URL, feed, format="json").json()
    assert body["new"] == 1 and body["skipped"] == 1
    assert body["problems"] == ["request:dataFeedElement[1].item[0]: no review URL (url)"]
    assert body["unmapped_ratings"] == [{"label": "Two Pinocchios", "count": 1}]


def test_an_html_page(client_of, editor):
    response = client_of(editor).generic("POST", URL, MICRODATA, content_type="text/html")
    assert response.status_code == 200, response.content
    assert response.json()["new"] == 1
    assert FactCheck.objects.filter(publisher__site="factcheck.micro.example").exists()


@pytest.mark.parametrize("body, content_type", [
    ("42", "application/json"), ("{not json", "application/json"),
    (json.dumps({"@type": "ClaimReview", "claimReviewed": "x"}), "application/json"),
    ("<html><body>No markup</body></html>", "text/html"),
])
def test_bad_input_is_a_400_with_field_errors(client_of, editor, body, content_type):
    response = client_of(editor).generic("POST", URL, body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict)


def test_a_body_over_the_limit_is_a_413(client_of, editor, monkeypatch):
    monkeypatch.setattr("factchecks.api.IMPORT_MAX_BYTES", 1000)
    response = client_of(editor).post(URL, [claimreview(n) for n in range(20)], format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_reads_are_public_paginated_and_filtered(anon, client_of, editor):
    client_of(editor).post(URL, [claimreview(n) for n in range(5)] + [claimreview(
        9, url="https://other.example/x", inLanguage="fr", reviewRating={"alternateName": "Vrai"})], format="json")
    page = anon.get("/api/factchecks/", {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    assert page["results"][0]["publisher"]["site"] == "other.example"  # newest imported first
    assert [r["url"] for r in anon.get("/api/factchecks/", {"site": "other.example"}).json()["results"]] == [
        "https://other.example/x"]
    assert len(anon.get("/api/factchecks/", {"rating": "false"}).json()["results"]) == 5
    assert len(anon.get("/api/factchecks/", {"language": "fr"}).json()["results"]) == 1
    publisher = FactCheck.objects.get(url="https://other.example/x").publisher_id
    assert len(anon.get("/api/factchecks/", {"publisher": publisher}).json()["results"]) == 1
    assert anon.get("/api/factchecks/", {"publisher": 0}).json()["results"] == []  # an id, as the claims' filters take
    assert anon.get("/api/factchecks/", {"language": "x" * 9}).status_code == 400  # as the schema says (maxLength)
    one = FactCheck.objects.get(url="https://other.example/x")
    detail = anon.get(f"/api/factchecks/{one.pk}/").json()
    assert (detail["claim_reviewed"], detail["textual_rating"], detail["rating"]) == (one.claim_reviewed, "Vrai", None)
    assert anon.get("/api/factchecks/999999/").status_code == 404
