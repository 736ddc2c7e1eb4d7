"""History and verdicts are read-only in the admin for everyone, superusers too."""

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import ClaimEvent, Rating, Verdict
from claims.review.workflow import claim_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [ClaimEvent, Verdict])
def test_superuser_cannot_add_change_or_delete(rf, superuser, model):
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_superuser_post_to_an_event_changes_nothing(superuser, superuser_client, reviewer, claim):
    claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="No.")
    event = claim.events.first()
    url = reverse("admin:claims_claimevent_change", args=[event.pk])

    response = superuser_client.post(url, {"note": "rewritten", "action": "publish"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.note == ""
    assert superuser_client.get(reverse("admin:claims_claimevent_add")).status_code == 403
    assert superuser_client.post(reverse("admin:claims_claimevent_delete", args=[event.pk]),
                                 {"post": "yes"}).status_code == 403
