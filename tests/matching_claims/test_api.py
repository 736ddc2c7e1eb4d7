"""GET /api/claims/{id}/matches/, the already_checked filter and field, and their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimMatchRun
from claims.review import workflow
from claims.review.matches import ALREADY_CHECKED_SCORE
from claims.review.publication import fact_check_url
from tests.api.conftest import EVIDENCE
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def published(claim, reviewer, editor):
    workflow.claim_rate(claim=claim, actor=reviewer, rating="mostly_true", summary="Close.", evidence=EVIDENCE)
    return workflow.claim_publish(claim=claim, actor=editor)


def test_matches_of_a_claim_best_first_with_both_kinds(as_reviewer, fact_checks, stored_match, reviewer, editor):
    claim = ClaimFactory()
    own = published(ClaimFactory(article=ArticleFactory(), start=0, end=48), reviewer, editor)
    stored_match(claim, fact_check=fact_checks[0], score=0.93)
    stored_match(claim, published_claim=own, score=0.61)
    response = as_reviewer.get(f"/api/claims/{claim.pk}/matches/")
    assert response.status_code == 200
    first, second = response.json()
    assert first["score"] == 0.93 and first["claim"] is None
    assert first["fact_check"] == {
        "id": fact_checks[0].pk, "url": fact_checks[0].url, "title": fact_checks[0].title,
        "claim_reviewed": fact_checks[0].claim_reviewed, "claimant": "",
        "publisher": {"name": "Snopes", "site": "snopes.com"}, "textual_rating": "True", "rating": "true",
        "review_date": "2019-06-01T00:00:00Z", "language": "en"}
    assert second["fact_check"] is None
    assert second["claim"] == {"id": own.pk, "text": own.text, "rating": "mostly_true", "url": fact_check_url(own)}


def test_matches_are_computed_when_never_computed(as_reviewer, fact_checks):
    claim = ClaimFactory()  # made by the factory: no background job ran
    assert not ClaimMatchRun.objects.filter(claim=claim).exists()
    matches = as_reviewer.get(f"/api/claims/{claim.pk}/matches/").json()
    assert ClaimMatchRun.objects.filter(claim=claim).exists()
    assert matches and matches[0]["fact_check"]["id"] == fact_checks[0].pk


def test_matches_are_computed_again_after_an_import(as_reviewer, fact_checks, stored_match):
    from factchecks.models import FactCheck

    claim = ClaimFactory()
    stored_match(claim, fact_check=fact_checks[2], score=0.3)
    FactCheck.objects.filter(pk=fact_checks[0].pk).update(imported_at=ClaimMatchRun.objects.get().computed_at)
    newer = FactCheck.objects.create(key="https://fullfact.org/coca", url="https://fullfact.org/coca",
                                     publisher=fact_checks[0].publisher, claim_reviewed="Colombia grows the most coca.",
                                     source="test")
    assert newer.imported_at > ClaimMatchRun.objects.get().computed_at
    ids = [m["fact_check"]["id"] for m in as_reviewer.get(f"/api/claims/{claim.pk}/matches/").json()]
    assert fact_checks[2].pk not in ids and fact_checks[0].pk in ids


def test_anonymous_readers_see_matches_of_published_claims_only(anon, as_reviewer, fact_checks, stored_match,
                                                                 reviewer, editor):
    hidden = ClaimFactory()
    shown = published(ClaimFactory(article=ArticleFactory()), reviewer, editor)
    for claim in (hidden, shown):
        stored_match(claim, fact_check=fact_checks[0])
    assert anon.get(f"/api/claims/{hidden.pk}/matches/").status_code == 404
    assert as_reviewer.get(f"/api/claims/{hidden.pk}/matches/").status_code == 200
    assert len(anon.get(f"/api/claims/{shown.pk}/matches/").json()) == 1


def test_a_match_to_a_claim_no_longer_published_is_not_shown(as_reviewer, fact_checks, stored_match, reviewer,
                                                             editor):
    claim = ClaimFactory()
    own = published(ClaimFactory(article=ArticleFactory()), reviewer, editor)
    stored_match(claim, published_claim=own)
    workflow.claim_reopen(claim=own, actor=editor, note="New figures.")
    assert as_reviewer.get(f"/api/claims/{claim.pk}/matches/").json() == []
    assert as_reviewer.get("/api/claims/?already_checked=true").json()["results"] == []


def test_already_checked_filter_and_field(as_reviewer, fact_checks, stored_match):
    checked, weak, unmatched = ClaimFactory(), ClaimFactory(), ClaimFactory()
    stored_match(checked, fact_check=fact_checks[0], score=0.9)
    stored_match(weak, fact_check=fact_checks[1], score=ALREADY_CHECKED_SCORE - 0.01)
    rows = {row["id"]: row["already_checked"] for row in as_reviewer.get("/api/claims/").json()["results"]}
    assert rows == {checked.pk: True, weak.pk: False, unmatched.pk: False}
    assert [r["id"] for r in as_reviewer.get("/api/claims/?already_checked=true").json()["results"]] == [checked.pk]
    assert {r["id"] for r in as_reviewer.get("/api/claims/?already_checked=false").json()["results"]} == {
        weak.pk, unmatched.pk}
    assert as_reviewer.get(f"/api/claims/{checked.pk}/").json()["already_checked"] is True
    assert as_reviewer.get("/api/claims/?already_checked=maybe").status_code == 400


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response


@pytest.mark.parametrize("url", ["/api/claims/?page_size=100", "/api/claims/?already_checked=true&page_size=100",
                                 "/api/claims/?q=coca&already_checked=true&page_size=100"])
def test_list_queries_do_not_grow_with_matched_claims(as_reviewer, fact_checks, stored_match, url):
    counts = []
    for n, more in ((3, 3), (30, 27)):
        for _ in range(more):
            claim = ClaimFactory()
            stored_match(claim, fact_check=fact_checks[0], score=0.9)
            stored_match(claim, fact_check=fact_checks[1], score=0.7)
        count, response = count_queries(as_reviewer, url)
        assert len(response.json()["results"]) == n
        assert all(row["already_checked"] for row in response.json()["results"])
        counts.append(count)
    assert counts[0] == counts[1] <= 3, counts


def test_matches_queries_do_not_grow_with_matches(as_reviewer, fact_checks, stored_match, reviewer, editor):
    few, many = ClaimFactory(), ClaimFactory()
    stored_match(few, fact_check=fact_checks[0])
    for fact_check in fact_checks:
        stored_match(many, fact_check=fact_check, score=0.8)
    stored_match(many, published_claim=published(ClaimFactory(article=ArticleFactory()), reviewer, editor), score=0.7)
    counts = [count_queries(as_reviewer, f"/api/claims/{claim.pk}/matches/")[0] for claim in (few, many)]
    assert counts[0] == counts[1] <= 4, counts


def test_the_schema_documents_matches_and_the_filter(anon):
    schema = anon.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/claims/{id}/matches/"]["get"]
    assert "evidence" in operation["description"]
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert "already_checked" in parameters
    assert "already_checked" in schema["components"]["schemas"]["Claim"]["properties"]
