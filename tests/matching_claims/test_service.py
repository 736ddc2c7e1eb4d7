"""Matches are computed after ingest and hand-made claims, stored best first, and recomputed when stale."""

import pytest
from django.utils import timezone

from claims.ingest.articles import article_ingest
from claims.models import Claim, ClaimMatch, ClaimMatchRun
from claims.review import matches as service
from claims.review.edits import claim_create
from tests.factories import BODY, ArticleFactory, ClaimFactory

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


DUTCH = ("De regering heeft de belastingen vorig jaar met tien procent verhoogd, zei de minister. "
         "Het kabinet wil volgend jaar meer geld uitgeven aan onderwijs.")


def test_a_claim_in_another_language_is_matched_without_breaking(fact_checks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(title="Belastingen", body=DUTCH, language="nl")
    claims = list(Claim.objects.filter(article=result.article))
    assert claims and all(ClaimMatchRun.objects.filter(claim=c).exists() for c in claims)
    taxes = next(c for c in claims if "belastingen" in c.text)
    assert all(0 <= m.score <= 1 for m in service.claim_matches(taxes, refresh=False))
    chinese = ArticleFactory(body="政府去年把税收提高了百分之十。", language="zh")
    assert service.claims_match(article_ids=[chinese.pk]) == 0  # no claims: nothing to do, nothing breaks
    assert service.claims_match([ClaimFactory(article=chinese, start=0, end=len(chinese.body)).pk]) == 1


def test_own_published_claims_match_others_but_never_themselves(fact_checks, reviewer, editor,
                                                               django_capture_on_commit_callbacks):
    from claims.review import workflow
    from tests.api.conftest import EVIDENCE

    first = ArticleFactory()
    end = BODY.index(".") + 1
    own = Claim.objects.create(article=first, start=0, end=end, text=BODY[:end])
    waiting = Claim.objects.create(article=ArticleFactory(), start=0, end=end, text=BODY[:end])
    with django_capture_on_commit_callbacks(execute=True):  # publishing refreshes the claims most like it
        workflow.claim_rate(claim=own, actor=reviewer, rating="true", summary="Yes.", evidence=EVIDENCE)
        workflow.claim_publish(claim=own, actor=editor)
    assert [m.published_claim for m in service.claim_matches(waiting, refresh=False) if m.published_claim] == [own]
    service.claims_match([own.pk], only_stale=False)
    assert all(m.published_claim_id != own.pk for m in service.claim_matches(own, refresh=False))


def test_an_import_makes_matches_stale_and_the_refresh_recomputes_pending_ones(fact_checks,
                                                                             django_capture_on_commit_callbacks):
    from factchecks.models import FactCheck

    claim = ClaimFactory()
    service.claims_match([claim.pk])
    assert not service.stale_matches([claim.pk]).exists()
    assert service.claims_match([claim.pk]) == 0  # fresh: nothing to do
    FactCheck.objects.create(key="https://fullfact.org/x", url="https://fullfact.org/x",
                             publisher=fact_checks[0].publisher, claim_reviewed="Coca everywhere.", source="test")
    assert service.stale_matches([claim.pk]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        service.matches_refresh_soon()
    assert not service.stale_matches([claim.pk]).exists()


def test_a_span_edit_matches_the_new_text(fact_checks, reviewer, django_capture_on_commit_callbacks):
    from claims.review.edits import claim_edit

    claim = ClaimFactory(start=0, end=BODY.index(".") + 1)
    service.claims_match([claim.pk])
    assert service.claim_matches(claim, refresh=False)[0].fact_check == fact_checks[0]
    start = BODY.index("Exports")
    with django_capture_on_commit_callbacks(execute=True):
        claim_edit(claim=claim, actor=reviewer, start=start, end=BODY.index(",", start))
    assert service.claim_matches(claim, refresh=False)[0].fact_check == fact_checks[1]


def test_match_claims_catches_up(fact_checks):
    from io import StringIO

    from django.core.management import call_command

    claims = [ClaimFactory(), ClaimFactory()]
    out = StringIO()
    call_command("match_claims", "--stale", stdout=out)
    assert "2 claim(s) matched" in out.getvalue()
    call_command("match_claims", "--stale", stdout=out)
    assert "0 claim(s) matched" in out.getvalue()
    call_command("match_claims", "--article", str(claims[0].article_id), stdout=out)
    assert "1 claim(s) matched" in out.getvalue()


def test_the_database_keeps_a_match_to_one_target_never_the_claim_itself(fact_checks):
    from django.db import IntegrityError, transaction

    claim = ClaimFactory()
    for target in ({}, {"published_claim": claim}, {"fact_check": fact_checks[0], "published_claim": ClaimFactory()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClaimMatch.objects.create(claim=claim, score=0.5, rank=1, matcher="t", computed_at=timezone.now(), **target)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimMatch.objects.create(claim=claim, fact_check=fact_checks[0], score=1.5, rank=1, matcher="t",
                                  computed_at=timezone.now())


def test_computed_and_none_found_is_recorded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(title="Nothing imported yet", body=BODY)
    runs = ClaimMatchRun.objects.filter(claim__article=result.article)
    assert runs.exists() and set(runs.values_list("found", flat=True)) == {0}
    assert not ClaimMatch.objects.exists() and not service.stale_matches().exists()
