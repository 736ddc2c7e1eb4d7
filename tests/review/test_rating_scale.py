"""The newsroom's rating scale (issue 15): rows editors manage, held by the database and the workflow."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.errors import WorkflowMessage
from claims.models import Claim, ClaimEvent, Rating, RatingLevel, Verdict
from claims.models.ratings import SLUG_PATTERN
from claims.review.ratings import rating_in_use, rating_scale, rating_slugs, scale_bounds
from claims.review.workflow import claim_publish, claim_rate
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_scale_starts_with_the_seven_ratings_best_first_with_distinct_values():
    scale = rating_scale()
    assert [r.slug for r in scale] == ["true", "mostly_true", "mixed", "misleading", "mostly_false", "false", "unproven"]
    values = [r.value for r in scale if r.value is not None]
    assert values == sorted(set(values), reverse=True)
    assert scale_bounds(scale) == (6, 1)
    assert all(r.description for r in scale)


def test_the_workflow_takes_a_rating_an_editor_added_and_refuses_one_not_on_the_scale(reviewer, editor):
    RatingLevel.objects.create(slug="missing_context", label="Missing context", value=7)
    claim = claim_rate(claim=ClaimFactory(), actor=reviewer, rating="missing_context", summary="Half the story.")
    assert claim_publish(claim=claim, actor=editor).rating == "missing_context"
    with pytest.raises(ValidationError) as refused:
        claim_rate(claim=ClaimFactory(), actor=reviewer, rating="pants_on_fire", summary="No.")
    assert refused.value.message_dict["rating"] == [WorkflowMessage.RATING_INVALID.format(
        rating="pants_on_fire", choices=", ".join(rating_slugs()))]


@pytest.mark.parametrize("model", [Claim, Verdict])
def test_the_database_refuses_a_rating_that_is_not_on_the_scale(model, reviewer):
    claim = claim_rate(claim=ClaimFactory(), actor=reviewer, rating=Rating.FALSE, summary="Wrong.")
    rows = model.objects.filter(pk=claim.pk if model is Claim else claim.current_verdict_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(rating="pants_on_fire")


def test_a_rating_in_use_cannot_be_deleted_or_renamed_an_unused_one_can(reviewer):
    claim_rate(claim=ClaimFactory(), actor=reviewer, rating=Rating.MIXED, summary="Partly.")
    mixed = RatingLevel.objects.get(slug="mixed")
    assert rating_in_use(mixed)
    with pytest.raises(IntegrityError), transaction.atomic():
        mixed.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingLevel.objects.filter(slug="mixed").update(slug="half_true")
    satire = RatingLevel.objects.create(slug="satire", label="Satire", value=None)
    assert not rating_in_use(satire)
    satire.delete()
    assert ClaimEvent.objects.filter(rating="mixed").exists()


def test_two_ratings_cannot_share_a_value_or_a_label():
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingLevel.objects.create(slug="half_true", label="Half true", value=4)  # Mixed has 4
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingLevel.objects.create(slug="false_again", label="False", value=None)


@settings(max_examples=60, deadline=None)
@given(slug=st.text(max_size=70))
def test_the_database_takes_only_slug_shaped_slugs(slug):
    shaped = re.fullmatch(SLUG_PATTERN, slug) is not None and len(slug) <= 64 and "\x00" not in slug
    try:
        with transaction.atomic():
            RatingLevel.objects.create(slug=slug, label=f"label {slug!r}")
            stored = True
            transaction.set_rollback(True)
    except (IntegrityError, DataError, ValueError):  # the slug's check, its length, a NUL
        stored = False
    assert stored == (shaped and slug not in Rating.values)


def test_a_rating_only_a_mapping_or_an_imported_fact_check_names_is_in_use(db):
    from factchecks.models import RatingMapping

    RatingLevel.objects.create(slug="satire_only", label="Satire only")
    unused = RatingLevel.objects.get(slug="satire_only")
    assert not rating_in_use(unused)
    RatingMapping.objects.create(label="a satire label", rating="satire_only")
    assert rating_in_use(unused)
