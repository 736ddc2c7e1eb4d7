"""Editors manage the rating scale in the admin and use a new rating at once (issue 15)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import ClaimStatus, Rating, RatingLevel
from claims.review.workflow import claim_rate
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_an_editor_adds_missing_context_and_a_reviewer_rates_with_it(editor_client, reviewer_client):
    response = editor_client.post(reverse("admin:claims_ratinglevel_add"), {
        "label": "Missing context", "slug": "missing_context", "value": "7",
        "description": "Accurate, but without the context that would change its meaning."})
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = ClaimFactory()
    page = reviewer_client.get(reverse("admin:claims_claim_transition", args=[claim.pk, "rate"]))
    assert b'value="missing_context"' in page.content
    rated = reviewer_client.post(reverse("admin:claims_claim_transition", args=[claim.pk, "rate"]), {
        "rating": "missing_context", "summary": "Leaves out the base year.", "version": claim.version,
        "note": "", "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"})
    assert rated.status_code == 302, rated.content.decode()[-3000:]
    claim.refresh_from_db()
    assert (claim.status, claim.rating) == (ClaimStatus.REVIEWED, "missing_context"), [
        str(m) for m in get_messages(rated.wsgi_request)]
    listing = reviewer_client.get(reverse("admin:claims_claim_changelist"), {"rating": "missing_context"})
    assert f"/admin/claims/claim/{claim.pk}/change/".encode() in listing.content


def test_a_value_taken_by_another_rating_is_refused_with_a_message(editor_client):
    response = editor_client.post(reverse("admin:claims_ratinglevel_add"), {
        "label": "Half true", "slug": "half_true", "value": "4", "description": ""})
    assert response.status_code == 200
    assert b"Rating with this Value already exists" in response.content


def test_a_rating_in_use_keeps_its_slug_and_cannot_be_deleted(editor_client, reviewer):
    claim_rate(claim=ClaimFactory(), actor=reviewer, rating=Rating.MIXED, summary="Partly.")
    mixed = RatingLevel.objects.get(slug="mixed")
    assert editor_client.post(reverse("admin:claims_ratinglevel_delete", args=[mixed.pk]), {"post": "yes"}).status_code == 403
    editor_client.post(reverse("admin:claims_ratinglevel_change", args=[mixed.pk]), {
        "label": "Half true", "slug": "half_true", "value": "4", "description": "Partly accurate."})
    mixed.refresh_from_db()
    assert (mixed.slug, mixed.label) == ("mixed", "Half true")
    unused = RatingLevel.objects.create(slug="satire", label="Satire")
    editor_client.post(reverse("admin:claims_ratinglevel_delete", args=[unused.pk]), {"post": "yes"})
    assert not RatingLevel.objects.filter(slug="satire").exists()


def test_reviewers_read_the_scale_but_do_not_change_it(reviewer_client):
    assert reviewer_client.get(reverse("admin:claims_ratinglevel_changelist")).status_code == 200
    assert reviewer_client.get(reverse("admin:claims_ratinglevel_add")).status_code == 403
