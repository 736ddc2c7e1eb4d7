"""Matches are computed after ingest and hand-made claims, stored best first, and recomputed when stale."""

import pytest

from claims.ingest.articles import article_ingest
from claims.models import Claim, ClaimMatch, ClaimMatchRun
from claims.review import matches as service
from claims.review.edits import claim_create
from tests.factories import BODY, ArticleFactory

pytestmark = pytest.mark.django_db


def test_ingest_matches_new_claims_after_the_commit(fact_checks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(title="Coca and exports", body=BODY)
    claims = list(Claim.objects.filter(article=result.article))
    assert claims
    assert ClaimMatchRun.objects.filter(claim__in=claims).count() == len(claims)
    coca = next(c for c in claims if "coca" in c.text)
    matches = list(ClaimMatch.objects.filter(claim=coca).order_by("rank"))
    assert matches and matches[0].fact_check == fact_checks[0]
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.score >= service.MATCH_MIN_SCORE for m in matches)


def test_nothing_runs_before_the_commit(fact_checks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article_ingest(title="Coca and exports", body=BODY)
    assert not ClaimMatchRun.objects.exists()


def test_a_hand_made_claim_gets_its_matches(fact_checks, reviewer, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    start = BODY.index("Exports")
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_create(article=article, start=start, end=BODY.index(",", start), actor=reviewer)
    [best, *_] = service.claim_matches(claim, refresh=False)
    assert best.fact_check == fact_checks[1]
    assert ClaimMatchRun.objects.get(claim=claim).found >= 1
