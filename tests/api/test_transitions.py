import pytest
from django.test import override_settings

from claims.errors import WorkflowMessage
from claims.review import workflow
from claims.models import ClaimAction, ClaimEvent, ClaimStatus, Evidence, Rating, Stance
from tests.api.conftest import EVIDENCE

pytestmark = pytest.mark.django_db


def transition(client, claim, **body):
    return client.post(f"/api/claims/{claim.pk}/transition/", body)


def test_start_assigns_the_claim_and_answers_with_the_updated_claim(as_reviewer, claim, reviewer):
    response = transition(as_reviewer, claim, action="start", version=1)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["status"], data["version"], data["assigned_to"]) == (
        ClaimStatus.IN_REVIEW, 2, reviewer.username)
    assert data["history"][0]["action"] == ClaimAction.START
    assert response.headers["ETag"] == f'W/"{claim.pk}-2"'


def test_rate_with_evidence(as_reviewer, claim):
    response = transition(as_reviewer, claim, action="rate", rating=Rating.FALSE,
                          summary="The survey says otherwise.", evidence=EVIDENCE, note="Checked.")
    assert response.status_code == 200, response.json()
    verdict = response.json()["verdict"]
    assert verdict["rating"] == Rating.FALSE
    assert verdict["evidence"] == [{**EVIDENCE[0], "stance": Stance.SUPPORTS}]
    assert response.json()["status"] == ClaimStatus.REVIEWED


def test_publish_by_an_editor(as_editor, claim, rate):
    rate(claim)
    response = transition(as_editor, claim, action="publish")
    assert response.status_code == 200
    assert response.json()["status"] == ClaimStatus.PUBLISHED
    assert response.json()["first_published_at"]


@pytest.mark.parametrize(("setup", "body", "status"), [
    ([], {"action": "release"}, ClaimStatus.UNREVIEWED),
    ([], {"action": "dismiss", "note": "Not checkable."}, ClaimStatus.DISMISSED),
])
def test_release_and_dismiss(as_reviewer, claim, reviewer, setup, body, status):
    workflow.claim_start(claim=claim, actor=reviewer)
    response = transition(as_reviewer, claim, **body)
    assert response.status_code == 200
    assert response.json()["status"] == status


def test_restore_and_reopen(as_editor, claim, editor, publish):
    workflow.claim_dismiss(claim=claim, actor=editor)
    assert transition(as_editor, claim, action="restore").json()["status"] == ClaimStatus.UNREVIEWED
    publish(claim)
    response = transition(as_editor, claim, action="reopen", note="New figures came out.")
    assert response.status_code == 200
    assert response.json()["status"] == ClaimStatus.IN_REVIEW


def test_if_match_works_as_version(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"},
                                HTTP_IF_MATCH=f'W/"{claim.pk}-1"')
    assert response.status_code == 200
    stale = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "release"},
                             HTTP_IF_MATCH=f'W/"{claim.pk}-1"')
    assert stale.status_code == 409
    assert stale.json()["code"] == workflow.Stale.code


def test_if_match_and_version_must_agree(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start", "version": 1},
                                HTTP_IF_MATCH='W/"7"')
    assert response.status_code == 400
    assert "version" in response.json()


def test_malformed_if_match_is_400(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"},
                                HTTP_IF_MATCH="yesterday")
    assert response.status_code == 400
    assert "If-Match" in response.json()


# --- 400: missing or invalid fields ---

@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"action"}),
    ({"action": "fly"}, {"action"}),
    ({"action": "rate"}, {"rating", "summary"}),
    ({"action": "rate", "rating": "sort-of", "summary": "x"}, {"rating"}),
    ({"action": "rate", "rating": "false", "summary": "   "}, {"summary"}),
    ({"action": "rate", "rating": "false", "summary": "x", "evidence": [{"url": "not a url"}]}, {"evidence"}),
    ({"action": "rate", "rating": "false", "summary": "x", "evidence": [{"title": "no url"}]}, {"evidence"}),
    ({"action": "rate", "rating": "false", "summary": "x", "evidence": "https://example.org"}, {"evidence"}),
    ({"action": "rate", "rating": "false", "summary": "x",
      "evidence": [{"url": "https://example.org", "stance": "maybe"}]}, {"evidence"}),
    ({"action": "start", "version": "one"}, {"version"}),
    ({"action": "start", "version": 0}, {"version"}),
    ({"action": "start", "reason": "typo"}, {"reason"}),
    ({"action": "reopen"}, {"note"}),
])
def test_missing_or_invalid_fields_are_400(as_editor, claim, rate, body, fields):
    if body.get("action") == "reopen":
        rate(claim)
    response = transition(as_editor, claim, **body)
    assert response.status_code == 400, response.json()
    assert set(response.json()) == fields
    assert Evidence.objects.count() == (1 if body.get("action") == "reopen" else 0)


def test_rate_without_rating_names_the_workflow_reason(as_reviewer, claim):
    response = transition(as_reviewer, claim, action="rate", summary="x")
    assert response.json() == {"rating": [WorkflowMessage.RATING_REQUIRED]}


# --- 403: the move is not the user's to make ---

def test_reviewer_may_not_publish(as_reviewer, claim, rate, other_reviewer):
    rate(claim, by=other_reviewer)
    response = transition(as_reviewer, claim, action="publish")
    assert response.status_code == 403
    assert response.json()["code"] == workflow.Forbidden.code
    assert "claims.publish_claim" in response.json()["detail"]


@override_settings(CLAIMTRACKER_REQUIRE_SECOND_REVIEWER=True)
def test_editor_may_not_publish_own_verdict(as_editor, claim, editor, rate):
    rate(claim, by=editor)
    response = transition(as_editor, claim, action="publish")
    assert response.status_code == 403
    assert WorkflowMessage.OWN_VERDICT in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED


def test_staff_without_role_may_not_move(as_staff, claim):
    response = transition(as_staff, claim, action="start")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_is_401(anon, published_claim):
    response = transition(anon, published_claim, action="reopen", note="x")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"] == "Token"


def test_outsider_cannot_see_unpublished_claims_to_move(as_outsider, claim):
    assert transition(as_outsider, claim, action="start").status_code == 404


# --- 409: not from this status, or stale ---

def test_move_not_allowed_from_current_status_is_409_with_state(as_editor, claim):
    response = transition(as_editor, claim, action="publish")
    assert response.status_code == 409
    assert response.json() == {
        "detail": str(workflow.Conflict("publish", ClaimStatus.UNREVIEWED,
                                              WorkflowMessage.WRONG_STATUS.format(sources="reviewed"))),
        "code": "move_not_allowed", "status": ClaimStatus.UNREVIEWED, "version": 1,
    }


def test_stale_version_is_409_with_current_state(as_reviewer, claim, other_reviewer):
    workflow.claim_start(claim=claim, actor=other_reviewer)
    response = transition(as_reviewer, claim, action="release", version=1)
    assert response.status_code == 409
    data = response.json()
    assert (data["code"], data["status"], data["version"]) == ("stale_version", ClaimStatus.IN_REVIEW, 2)
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def test_unknown_claim_is_404(as_reviewer):
    response = as_reviewer.post("/api/claims/987654/transition/", {"action": "start"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
