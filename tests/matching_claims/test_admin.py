"""The admin: "Already checked" on the claim page, the badge and filter in the list, evidence from a match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Stance
from claims.review import workflow
from tests.api.conftest import EVIDENCE
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def rate_url(claim):
    return reverse("admin:claims_claim_transition", args=[claim.pk, "rate"])


def test_the_claim_page_lists_who_already_checked_it(reviewer_client, fact_checks, stored_match, reviewer, editor):
    claim = ClaimFactory()
    own = ClaimFactory(article=ArticleFactory())
    workflow.claim_rate(claim=own, actor=reviewer, rating="mostly_true", summary="Close.", evidence=EVIDENCE)
    workflow.claim_publish(claim=own, actor=editor)
    match = stored_match(claim, fact_check=fact_checks[1], score=0.93)
    stored_match(claim, published_claim=own, score=0.61)
    page = reviewer_client.get(change_url(claim)).content.decode()
    assert "Already checked" in page
    assert "PolitiFact, Pants on Fire, June 2019, 0.93" in page
    assert f'href="{fact_checks[1].url}"' in page
    assert "ClaimTracker, Mostly true, " in page and ", 0.61" in page
    assert f'{rate_url(claim)}?evidence_from={match.pk}' in page


def test_no_evidence_link_on_a_reviewed_claim(fact_checks, stored_match, reviewer,
                                                reviewer_client):
    claim = ClaimFactory()
    stored_match(claim, fact_check=fact_checks[0])
    workflow.claim_rate(claim=claim, actor=reviewer, rating="true", summary="Yes.", evidence=EVIDENCE)
    page = reviewer_client.get(change_url(claim)).content.decode()
    assert "Snopes, True, June 2019, 0.90" in page and "evidence_from" not in page


def test_a_claim_never_matched_is_matched_in_the_background_when_its_page_opens(
        reviewer_client, fact_checks, django_capture_on_commit_callbacks):
    from claims.admin.claims import MATCHES_COMPUTING

    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        page = reviewer_client.get(change_url(claim)).content.decode()
    assert MATCHES_COMPUTING in page and "Snopes, True" not in page  # the page does not wait for the matcher
    page = reviewer_client.get(change_url(claim)).content.decode()
    assert "Snopes, True, June 2019" in page and MATCHES_COMPUTING not in page


def test_the_rate_page_fills_the_first_evidence_row_from_a_match(reviewer_client, fact_checks, stored_match):
    claim = ClaimFactory()
    match = stored_match(claim, fact_check=fact_checks[1], score=0.93)
    response = reviewer_client.get(f"{rate_url(claim)}?evidence_from={match.pk}")
    first = response.context["evidence"].forms[0]
    assert first.initial == {"url": fact_checks[1].url, "title": fact_checks[1].title,
                             "excerpt": "PolitiFact: Pants on Fire.", "stance": Stance.REFUTES}
    assert f'value="{fact_checks[1].url}"' in response.content.decode()
    # and it is taken in one step: the rate form posted as rendered
    data = {"version": claim.version, "rating": "false", "summary": "Exports fell.", "note": "",
            "evidence-TOTAL_FORMS": "4", "evidence-INITIAL_FORMS": "1", "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000", "evidence-0-url": fact_checks[1].url,
            "evidence-0-title": fact_checks[1].title, "evidence-0-excerpt": "PolitiFact: Pants on Fire.",
            "evidence-0-stance": "refutes"}
    for row in range(1, 4):
        data[f"evidence-{row}-stance"] = "context"
    assert reviewer_client.post(rate_url(claim), data).status_code == 302
    claim.refresh_from_db()
    [evidence] = claim.current_verdict.evidence.all()
    assert (evidence.url, evidence.stance) == (fact_checks[1].url, Stance.REFUTES)


def test_evidence_from_another_claims_match_or_nonsense_fills_nothing(reviewer_client, fact_checks, stored_match):
    claim, other = ClaimFactory(), ClaimFactory()
    match = stored_match(other, fact_check=fact_checks[0])
    for value in (match.pk, "x", ""):
        response = reviewer_client.get(f"{rate_url(claim)}?evidence_from={value}")
        assert response.status_code == 200
        assert not response.context["evidence"].forms[0].initial


def changelist(client, query=""):
    with CaptureQueriesContext(connection) as context:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_badge_and_filter_in_the_list_with_bounded_queries(reviewer_client, fact_checks, stored_match):
    counts = {}
    for n, more in ((3, 3), (30, 27)):
        for _ in range(more):
            claim = ClaimFactory()
            stored_match(claim, fact_check=fact_checks[0], score=0.9)
            stored_match(claim, fact_check=fact_checks[2], score=0.4)
        ClaimFactory()  # never matched
        counts[n] = [changelist(reviewer_client, query)[0] for query in ("", "?already_checked=yes")]
    assert counts[3] == counts[30], counts
    _, response = changelist(reviewer_client, "?already_checked=yes")
    assert len(response.context["cl"].result_list) == 30
    assert response.content.decode().count('class="already-checked"') == 30
    _, response = changelist(reviewer_client, "?already_checked=no")
    assert {c.pk for c in response.context["cl"].result_list} == set(
        Claim.objects.filter(claim_matches__isnull=True).values_list("pk", flat=True))
    assert "already checked" in response.content.decode()


def test_the_claim_page_queries_do_not_grow_with_matches(reviewer_client, fact_checks, stored_match):
    few, many = ClaimFactory(), ClaimFactory()
    stored_match(few, fact_check=fact_checks[0])
    for fact_check in fact_checks:
        stored_match(many, fact_check=fact_check, score=0.8)
    counts = []
    for claim in (few, many):
        with CaptureQueriesContext(connection) as context:
            assert reviewer_client.get(change_url(claim)).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
