from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import extraction
from claims.errors import Forbidden
from claims.extraction import EXTRACTOR_VERSION
from claims.ingest.articles import article_ingest, claims_from_extraction
from claims.models import Claim, ClaimAction, ClaimEvent, Claimant, ClaimStatus, Rating
from claims.review import workflow
from claims.review.articles import article_reextract
from claims.review.edits import claim_create

pytestmark = pytest.mark.django_db

BODY = (
    "Unemployment fell to 4.1% in October, the ministry said. "
    "According to the central bank, inflation will reach 3% next year. "
    "Exports of coffee doubled since 2020."
)


@pytest.fixture
def article():
    return article_ingest(title="Economy", body=BODY).article


def test_ingest_stores_every_extracted_claim_with_exact_spans_and_version(article):
    extracted = extraction.extract(article.body)
    stored = list(article.claims.order_by("start"))
    assert [(c.start, c.end) for c in stored] == [(e.start, e.end) for e in extracted]
    assert all(c.text == article.body[c.start:c.end] for c in stored)
    assert {c.extractor for c in stored} == {extraction.EXTRACTOR_VERSION}


def test_rerun_adds_nothing_when_nothing_changed(article):
    before = list(article.claims.values_list("id", "start", "end"))
    result = article_reextract(article=article, actor=None)
    assert (result.added, result.removed) == (0, 0)
    assert list(article.claims.values_list("id", "start", "end")) == before


def test_replace_swaps_untouched_old_claims_and_keeps_reviewed_and_hand_made_ones(article, reviewer):
    claims = list(article.claims.order_by("start"))
    Claim.objects.filter(article=article).update(extractor="claimtracker-extract/0.1")
    reviewed, untouched = claims[0], claims[1]
    workflow.claim_rate(claim=reviewed, actor=reviewer, rating=Rating.TRUE, summary="Matches the statistics.")
    Claim.objects.filter(pk=claims[2].pk).delete()
    manual = claim_create(article=article, start=claims[2].start, end=claims[2].start + 7, actor=reviewer)

    result = article_reextract(article=article, actor=None, replace=True)

    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.extractor, reviewed.version) == (
        ClaimStatus.REVIEWED, "claimtracker-extract/0.1", 3)
    assert Claim.objects.filter(pk=manual.pk).exists()
    assert not Claim.objects.filter(pk=untouched.pk).exists()
    assert result.removed == 1
    current = article.claims.filter(extractor=extraction.EXTRACTOR_VERSION)
    assert current.filter(start=untouched.start, end=untouched.end).exists()
    # the span of the deleted claim overlaps the manual claim, so it is not added again
    assert not current.filter(start=claims[2].start).exists()


def test_without_replace_old_version_claims_stay(article):
    Claim.objects.filter(article=article).update(extractor="claimtracker-extract/0.1")
    count = article.claims.count()
    result = article_reextract(article=article, actor=None)
    assert (result.added, result.removed, article.claims.count()) == (0, 0, count)


def test_extract_claims_command_reports_and_checks_its_arguments(article):
    out = StringIO()
    call_command("extract_claims", "--all", "--replace", stdout=out)
    assert "1 article(s): 0 claims added, 0 replaced" in out.getvalue()
    with pytest.raises(CommandError, match="No article with id 999999"):
        call_command("extract_claims", "--article", "999999")
    with pytest.raises(CommandError):
        call_command("extract_claims")


def test_claimants_are_matched_case_insensitively_across_articles():
    first = article_ingest(title="One", body="Coca output fell 10% in 2024.").article
    second = article_ingest(title="Two", body="Exports rose 5% in 2025.").article
    for article, name in ((first, "Petro"), (second, "PETRO")):
        Claim.objects.filter(article=article).delete()
        found = extraction.ExtractedClaim(
            start=0, end=len(article.body), text=article.body, claimant=name, kind="statistic",
            check_worthiness=0.9, extractor=extraction.EXTRACTOR_VERSION)
        Claim.objects.bulk_create(claims_from_extraction(article, [found]))
    assert Claimant.objects.count() == 1
    assert Claim.objects.filter(claimant__name="Petro").count() == 2


def test_extracted_claims_carry_a_system_created_event():
    article = article_ingest(title="Economy", body=BODY).article
    claims = list(article.claims.all())
    events = ClaimEvent.objects.filter(claim__article=article)
    assert events.count() == len(claims) > 0
    assert {(e.action, e.actor_id, e.from_status, e.to_status, e.version) for e in events} == {
        (ClaimAction.CREATE, None, "", ClaimStatus.UNREVIEWED, 1)}
    assert all(e.note == f"Extracted by {EXTRACTOR_VERSION}." for e in events)


def test_reextract_records_the_new_claims_and_needs_the_change_permission(django_user_model):
    article = article_ingest(title="Economy", body=BODY).article
    article.claims.all().delete()
    outsider = django_user_model.objects.create_user("outsider")
    with pytest.raises(Forbidden):
        article_reextract(article=article, actor=outsider)

    result = article_reextract(article=article, actor=None)

    assert result.added == article.claims.count() == ClaimEvent.objects.filter(claim__article=article).count() > 0
