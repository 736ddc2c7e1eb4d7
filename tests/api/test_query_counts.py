"""Every list and detail endpoint runs a fixed number of queries, for 1 row as for 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.review import workflow
from claims.models import RECENT_HISTORY, Claim, ClaimStatus, Evidence, Rating, Verdict
from tests.api.conftest import EVIDENCE
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SENTENCES = " ".join(f"Exports rose {n}% in 2024." for n in range(100))


def published(claim, reviewer):
    """Publish without going through the workflow: the workflow is not under test here, speed is."""
    verdict = Verdict.objects.create(claim=claim, rating=Rating.FALSE, summary="No.", reviewer=reviewer)
    Evidence.objects.create(verdict=verdict, **EVIDENCE[0])
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PUBLISHED, rating=Rating.FALSE, current_verdict=verdict,
        first_published_at=timezone.now(), assigned_to=reviewer)
    claim.refresh_from_db()
    return claim


def claims(n, reviewer, **kwargs):
    return [published(ClaimFactory(claimant=ClaimantFactory(), **kwargs), reviewer) for _ in range(n)]


def one_article_with_claims(n, reviewer):
    article = ArticleFactory(body=SENTENCES)
    spans, position = [], 0
    for _ in range(n):
        end = SENTENCES.index(".", position) + 1
        spans.append(published(ClaimFactory(article=article, start=position, end=end), reviewer))
        position = end + 1
    return article


def claim_with_history(n, reviewer, editor):
    """A claim with n evidence rows and about 2n history events."""
    claim = ClaimFactory()
    for _ in range(n):
        workflow.claim_start(claim=claim, actor=reviewer)
        workflow.claim_release(claim=claim, actor=reviewer)
    # n sources, each its own URL (a verdict gives each source once)
    evidence = [{**EVIDENCE[0], "url": f"{EVIDENCE[0]['url']}?copy={i}"} for i in range(n)]
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="No.", evidence=evidence)
    workflow.claim_publish(claim=claim, actor=editor)
    return claim


ENDPOINTS = {
    # name: (url for the rows made, make n rows)
    "claims": (lambda rows: "/api/claims/?page_size=200", lambda n, r: claims(n, r)),
    "claims search": (lambda rows: "/api/claims/?q=coca&page_size=200", lambda n, r: claims(n, r)),
    "claims filtered": (lambda rows: "/api/claims/?status=published&rating=false&ordering=created_at&page_size=200",
                        lambda n, r: claims(n, r)),
    "articles": (lambda rows: "/api/articles/?page_size=200", lambda n, r: claims(n, r)),
    "articles search": (lambda rows: "/api/articles/?q=coca&page_size=200", lambda n, r: claims(n, r)),
    "article claims": (lambda article: f"/api/articles/{article.pk}/claims/?page_size=200",
                       one_article_with_claims),
    "article detail": (lambda article: f"/api/articles/{article.pk}/", one_article_with_claims),
    "claimants": (lambda rows: "/api/claimants/?page_size=200", lambda n, r: claims(n, r)),
    "claimant detail": (lambda rows: f"/api/claimants/{rows[0].claimant_id}/",
                        lambda n, r: [published(ClaimFactory(claimant=ClaimantFactory(name="Petro")), r)
                                      for _ in range(n)]),
    "claimreview feed": (lambda rows: "/api/claimreview/?page_size=200", lambda n, r: claims(n, r)),
    "similar": (lambda rows: f"/api/claims/{rows[0].pk}/similar/", lambda n, r: claims(n, r)),
}
# A page of rows, plus a count for numbered (search, claimant) pages or the parent for nested ones.
MAX_QUERIES = 2
# Similar claims: the claim, its key words, then the similar claims.
# Claimants: the rating scale too (their counts by rating are over its slugs).
MAX_QUERIES_BY_ENDPOINT = {"similar": 3, "claimants": 3, "claimant detail": 3}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response


@pytest.mark.parametrize("who", ["staff", "public"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_detail_queries_do_not_grow_with_rows(
        endpoint, who, reviewer, client_for, staff_user, anon, django_assert_max_num_queries):
    url_for, make = ENDPOINTS[endpoint]
    client = client_for(staff_user) if who == "staff" else anon

    bound = MAX_QUERIES_BY_ENDPOINT.get(endpoint, MAX_QUERIES)
    rows = make(1, reviewer)
    with django_assert_max_num_queries(bound):
        one, response = count_queries(client, url_for(rows))

    rows = make(100, reviewer)
    with django_assert_max_num_queries(bound):
        many, response = count_queries(client, url_for(rows))
    if "results" in response.json() and endpoint not in ("similar",):
        assert len(response.json()["results"]) >= 100
    assert many == one, (one, many)


@pytest.mark.parametrize("client_name", ["as_editor", "anon"])
def test_claim_detail_queries_do_not_grow_with_history_or_evidence(
        request, client_name, reviewer, editor, django_assert_max_num_queries):
    client = request.getfixturevalue(client_name)
    small = claim_with_history(1, reviewer, editor)
    big = claim_with_history(50, reviewer, editor)
    counts = []
    for claim in (small, big):
        with django_assert_max_num_queries(4):
            count, response = count_queries(client, f"/api/claims/{claim.pk}/")
        counts.append(count)
    assert len(response.json()["verdict"]["evidence"]) == 50
    if client_name == "as_editor":
        assert len(response.json()["history"]) == RECENT_HISTORY and response.json()["more_history"]
    assert counts[0] == counts[1]


def test_claimreview_detail_queries(anon, published_claim, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        anon.get(f"/api/claims/{published_claim.pk}/claimreview/")


@pytest.mark.parametrize("size", [1, 30])
def test_workflow_move_and_edit_queries_do_not_grow_with_history_or_evidence(
        size, as_editor, reviewer, editor, django_assert_max_num_queries):
    claim = claim_with_history(size, reviewer, editor)
    # token, claim, lock, 2 permission lookups, update, event, the claim again, evidence, history,
    # and the transaction's BEGIN and COMMIT
    with django_assert_max_num_queries(12):
        response = as_editor.post(f"/api/claims/{claim.pk}/transition/", {"action": "reopen", "note": "New data."},
                                    format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()["verdict"]["evidence"]) == size
    with django_assert_max_num_queries(12):
        response = as_editor.patch(f"/api/claims/{claim.pk}/", {"kind": "statistic"}, format="json")
    assert response.status_code == 200, response.content


def _claim_queries_reading_bodies(captured) -> list[str]:
    """Queries that read claims and article bodies at once: a body per claim row (a 5 MB article with
    57,000 claims made the POST's answer read 57,000 copies of its body)."""
    return [query["sql"] for query in captured
            if query["sql"].startswith('SELECT "claims_claim".') and '"claims_article"."body"' in query["sql"]]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_claim_list_reads_an_article_body_per_claim(endpoint, reviewer, client_for, staff_user):
    url_for, make = ENDPOINTS[endpoint]
    rows = make(3, reviewer)
    with CaptureQueriesContext(connection) as context:
        assert client_for(staff_user).get(url_for(rows)).status_code == 200
    assert _claim_queries_reading_bodies(context.captured_queries) == []


def test_the_answer_to_a_posted_article_reads_its_body_once(as_editor):
    with CaptureQueriesContext(connection) as context:
        response = as_editor.post("/api/articles/", {"title": "Exports", "body": SENTENCES}, format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()["claims"]) > 10
    assert _claim_queries_reading_bodies(context.captured_queries) == []
