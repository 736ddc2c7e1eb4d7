"""What the API's request bodies may hold (issue 13, findings 10, 11 and 13).

The review limits are the workflow service's (tests/review/test_review_limits.py); here: that the API
answers them with 400 field errors, that its schema documents them, that stored evidence URLs fit
the detail's own schema, and that text fields take text only.
"""

import pytest
import yaml
from rest_framework.test import APIClient

from claims.errors import WorkflowMessage
from claims.models import Article, Claim, ClaimStatus, Evidence, Source, Verdict
from tests.factories import ArticleFactory, ClaimFactory
from tests.review.test_review_limits import is_rfc3986_uri

pytestmark = pytest.mark.django_db

NOT_A_STRING = "Not a valid string."
ARTICLE = {"title": "Colombia's coca harvest",
           "body": "Colombia produced 253,000 hectares of coca in 2023, the United Nations said on Monday."}


def transition(client, claim, **body):
    return client.post(f"/api/claims/{claim.pk}/transition/", body)


def rate(client, claim, **body):
    return transition(client, claim, **{"action": "rate", "rating": "false", "summary": "Wrong.", **body})


def assert_unrated(claim):
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.status == ClaimStatus.UNREVIEWED and not fresh.events.exists()
    assert not Verdict.objects.exists() and not Evidence.objects.exists()


# --- finding 10: the review limits, through the API ---

def test_two_thousand_evidence_items_are_400(as_reviewer, claim):
    items = [{"url": f"https://stats.example/{number}"} for number in range(2_000)]
    response = rate(as_reviewer, claim, evidence=items)
    assert response.status_code == 400, response.json()
    assert response.json() == {"evidence": [WorkflowMessage.EVIDENCE_TOO_MANY.format(count=2_000, limit=50)]}
    assert_unrated(claim)


def test_fifty_evidence_items_are_taken(as_reviewer, claim):
    items = [{"url": f"https://stats.example/{number}"} for number in range(50)]
    response = rate(as_reviewer, claim, evidence=items)
    assert response.status_code == 200, response.json()
    assert len(response.json()["verdict"]["evidence"]) == 50


def test_three_identical_evidence_items_are_400(as_reviewer, claim):
    item = {"url": "https://stats.example/report", "title": "Report", "excerpt": "Exports fell."}
    response = rate(as_reviewer, claim, evidence=[item, item, item])
    assert response.status_code == 400, response.json()
    duplicate = WorkflowMessage.EVIDENCE_DUPLICATE_URL.format(first=1)
    assert response.json() == {"evidence": [
        WorkflowMessage.EVIDENCE_ITEM.format(number=number, field="url", message=duplicate) for number in (2, 3)]}
    assert_unrated(claim)


@pytest.mark.parametrize("field", ["summary", "note"])
def test_a_megabyte_summary_or_note_is_400(as_reviewer, claim, field):
    response = rate(as_reviewer, claim, **{field: "x" * 1_000_000})
    assert response.status_code == 400, response.json()
    assert list(response.json()) == [field]
    assert_unrated(claim)


@pytest.mark.parametrize("body", [{"action": "start"}, {"action": "dismiss"}])
def test_every_move_limits_its_note(as_reviewer, claim, body):
    response = transition(as_reviewer, claim, **body, note="x" * 2_001)
    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["note"]
    assert not Claim.objects.get(pk=claim.pk).events.exists()
    assert transition(as_reviewer, claim, **body, note="x" * 2_000).status_code == 200


def test_an_evidence_excerpt_over_the_limit_is_400(as_reviewer, claim):
    response = rate(as_reviewer, claim, evidence=[{"url": "https://stats.example/", "excerpt": "x" * 5_001}])
    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["evidence"]
    assert_unrated(claim)


def test_the_schema_documents_the_limits():
    schema = yaml.safe_load(APIClient().get("/api/schema/").content)["components"]["schemas"]
    for variant in schema["TransitionRequest"]["oneOf"]:  # one per kind of action
        transition_body = variant["properties"]
        assert transition_body["evidence"]["maxItems"] == 50
        assert transition_body["summary"]["maxLength"] == 10_000
        assert transition_body["note"]["maxLength"] == 2_000
    evidence = schema["EvidenceInputRequest"]["properties"]
    assert (evidence["title"]["maxLength"], evidence["excerpt"]["maxLength"]) == (500, 5_000)


# --- finding 11: a stored evidence URL is a valid URI, as the detail's schema says ---

def test_an_evidence_url_with_angle_brackets_is_stored_encoded_and_fits_the_schema(as_reviewer, anon, claim):
    response = rate(as_reviewer, claim, evidence=[{"url": "https://example.org/a?q=<script>"}])
    assert response.status_code == 200, response.json()
    url = response.json()["verdict"]["evidence"][0]["url"]
    assert url == "https://example.org/a?q=%3Cscript%3E"
    assert is_rfc3986_uri(url)
    detail = as_reviewer.get(f"/api/claims/{claim.pk}/").json()
    assert [item["url"] for item in detail["verdict"]["evidence"]] == [url]
    schema = yaml.safe_load(anon.get("/api/schema/").content)["components"]["schemas"]
    assert schema["Evidence"]["properties"]["url"]["format"] == "uri"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://exa mple.org/", "https://example.org/a\nb"])
def test_an_evidence_url_that_is_not_http_is_400(as_reviewer, claim, url):
    response = rate(as_reviewer, claim, evidence=[{"url": url}])
    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["evidence"]
    assert_unrated(claim)


# --- finding 13: text fields take strings, not numbers ---

@pytest.mark.parametrize("field", ["title", "body", "url", "source", "language"])
@pytest.mark.parametrize("value", [0, 12.5])
def test_a_number_for_a_text_field_of_a_new_article_is_400(as_editor, field, value):
    response = as_editor.post("/api/articles/", {**ARTICLE, field: value})
    assert response.status_code == 400, response.json()
    assert response.json() == {field: [NOT_A_STRING]}
    assert not Article.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize("field", ["url", "source", "language"])
def test_a_number_for_a_text_field_of_an_article_edit_is_400(as_editor, field):
    article = ArticleFactory(source=None)
    response = as_editor.patch(f"/api/articles/{article.pk}/", {field: 0})
    assert response.status_code == 400, response.json()
    assert response.json() == {field: [NOT_A_STRING]}
    assert not Source.objects.exists()


def test_null_still_clears_or_omits_article_metadata(as_editor):
    response = as_editor.post("/api/articles/", {**ARTICLE, "url": None, "source": None, "language": None,
                                                 "published_at": None})
    assert response.status_code == 201, response.json()
    article_id = response.json()["id"]
    for field in ("url", "source"):
        response = as_editor.patch(f"/api/articles/{article_id}/", {field: None})
        assert response.status_code == 200, response.json()
        assert response.json()[field] is None


@pytest.mark.parametrize("field", ["text", "claimant", "note"])
def test_a_number_for_a_text_field_of_a_new_claim_is_400(as_editor, field):
    article = ArticleFactory(body="Exports rose 12% in 2024, the ministry said.")
    body = {"article": article.pk, "start": 0, "end": 24, field: 0}
    response = as_editor.post("/api/claims/", body)
    assert response.status_code == 400, response.json()
    assert response.json() == {field: [NOT_A_STRING]}
    assert not Claim.objects.exists()


@pytest.mark.parametrize("field", ["claimant", "note"])
def test_a_number_for_a_text_field_of_a_claim_edit_is_400(as_editor, claim, field):
    response = as_editor.patch(f"/api/claims/{claim.pk}/", {field: 0})
    assert response.status_code == 400, response.json()
    assert response.json() == {field: [NOT_A_STRING]}


def test_null_still_clears_a_claimant(as_editor):
    claim = ClaimFactory()
    response = as_editor.patch(f"/api/claims/{claim.pk}/", {"claimant": None})
    assert response.status_code == 200, response.json()
    assert response.json()["claimant"] is None


@pytest.mark.parametrize("field", ["summary", "note"])
def test_a_number_for_a_text_field_of_a_move_is_400(as_reviewer, claim, field):
    response = rate(as_reviewer, claim, **{field: 0})
    assert response.status_code == 400, response.json()
    assert response.json() == {field: [NOT_A_STRING]}
    assert_unrated(claim)


@pytest.mark.parametrize("field", ["url", "title", "excerpt"])
def test_a_number_for_a_text_field_of_evidence_is_400(as_reviewer, claim, field):
    response = rate(as_reviewer, claim, evidence=[{"url": "https://stats.example/", field: 0}])
    assert response.status_code == 400, response.json()
    assert response.json() == {"evidence": {"0": {field: [NOT_A_STRING]}}}
    assert_unrated(claim)


def test_rating_null_still_reaches_the_service(as_reviewer, claim):
    response = rate(as_reviewer, claim, rating=None)
    assert response.status_code == 400, response.json()
    assert response.json() == {"rating": [WorkflowMessage.RATING_REQUIRED]}
