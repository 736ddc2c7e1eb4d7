"""Bulk actions on the claim list: each claim through the workflow, with counts of moved and skipped."""

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.admin.claims import bulk_outcome_message
from claims.models import ClaimEvent, ClaimStatus, Rating
from claims.review.workflow import claim_dismiss, claim_publish, claim_rate, claim_start
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


def run_action(client, action, claims, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [claim.pk for claim in claims], "index": 0, **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]]


def statuses(claims):
    for claim in claims:
        claim.refresh_from_db()
    return [claim.status for claim in claims]


def published_claim(reviewer, editor):
    claim = ClaimFactory()
    claim_rate(claim=claim, actor=reviewer, rating=Rating.TRUE, summary="Checked.")
    return claim_publish(claim=claim, actor=editor)


def test_start_assigns_to_me_and_reports_skipped_claims(reviewer, reviewer_client, other_reviewer, editor):
    fresh = [ClaimFactory(), ClaimFactory()]
    done = [published_claim(other_reviewer, editor) for _ in range(3)]

    response = run_action(reviewer_client, "start_selected", fresh + done)

    assert statuses(fresh) == [ClaimStatus.IN_REVIEW] * 2
    assert all(claim.assigned_to == reviewer for claim in fresh)
    assert statuses(done) == [ClaimStatus.PUBLISHED] * 3
    assert "2 claims started. 3 skipped: already published." in messages_of(response)


def test_dismiss_then_restore(reviewer, reviewer_client):
    claims = [ClaimFactory(), ClaimFactory()]

    run_action(reviewer_client, "dismiss_selected", claims)
    assert statuses(claims) == [ClaimStatus.DISMISSED] * 2

    response = run_action(reviewer_client, "restore_selected", claims)
    assert statuses(claims) == [ClaimStatus.UNREVIEWED] * 2
    assert "2 claims restored." in messages_of(response)


def test_release_skips_claims_not_in_review(reviewer, reviewer_client):
    started, fresh = ClaimFactory(), ClaimFactory()
    claim_start(claim=started, actor=reviewer)

    response = run_action(reviewer_client, "release_selected", [started, fresh])

    assert statuses([started, fresh]) == [ClaimStatus.UNREVIEWED] * 2
    assert "1 claim released. 1 skipped: already unreviewed." in messages_of(response)


def test_rate_asks_for_rating_and_summary_on_an_intermediate_page(reviewer_client):
    claims = [ClaimFactory(), ClaimFactory()]

    response = run_action(reviewer_client, "rate_selected", claims)

    html = response.content.decode()
    assert response.status_code == 200 and "Rate 2 claims" in html
    assert 'name="rating"' in html and 'name="summary"' in html
    assert statuses(claims) == [ClaimStatus.UNREVIEWED] * 2
    assert not ClaimEvent.objects.exists()


def test_rate_with_a_shared_summary_rates_each_claim_through_the_workflow(reviewer, reviewer_client):
    fresh = [ClaimFactory(), ClaimFactory()]
    dismissed = ClaimFactory()
    claim_dismiss(claim=dismissed, actor=reviewer)

    response = run_action(reviewer_client, "rate_selected", [*fresh, dismissed], confirm="yes",
                          rating=Rating.FALSE, summary="The figures were revised.",
                          evidence_url="https://stats.example/revision")

    assert statuses(fresh) == [ClaimStatus.REVIEWED] * 2
    assert all(c.current_verdict.summary == "The figures were revised." for c in fresh)
    assert [e.url for e in fresh[0].current_verdict.evidence.all()] == ["https://stats.example/revision"]
    assert statuses([dismissed]) == [ClaimStatus.DISMISSED]
    assert "2 claims rated. 1 skipped: already dismissed." in messages_of(response)


def test_rate_without_summary_stays_on_the_page(reviewer_client):
    claim = ClaimFactory()

    response = run_action(reviewer_client, "rate_selected", [claim], confirm="yes", rating=Rating.FALSE, summary="")

    assert response.context["form"].errors["summary"]
    assert statuses([claim]) == [ClaimStatus.UNREVIEWED]


def test_actions_need_the_review_permission(db, client):
    from tests.factories import UserFactory

    viewer = UserFactory(username="vera-viewer")
    from django.contrib.auth.models import Permission
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(viewer)
    claim = ClaimFactory()

    response = client.get(CHANGELIST)
    run_action(client, "start_selected", [claim])

    assert "start_selected" not in response.content.decode()
    assert statuses([claim]) == [ClaimStatus.UNREVIEWED]


def test_outcome_message_lists_several_reasons():
    from collections import Counter

    message = bulk_outcome_message("started", 1, Counter({"already published": 2, "already dismissed": 1}))

    assert message == "1 claim started. 3 skipped: 2 already published, 1 already dismissed."


def test_rate_with_a_summary_over_its_limit_reports_it_and_rates_nothing(reviewer_client):
    from claims.review.workflow import SUMMARY_MAX_LENGTH

    claims = [ClaimFactory(), ClaimFactory()]

    response = run_action(reviewer_client, "rate_selected", claims, confirm="yes", rating=Rating.FALSE,
                          summary="x" * (SUMMARY_MAX_LENGTH + 1))

    assert response.status_code in (200, 302)
    assert any("summary" in message for message in messages_of(response))
    assert statuses(claims) == [ClaimStatus.UNREVIEWED] * 2
