import pytest
from django.core.exceptions import ValidationError

from claims.errors import Conflict, Forbidden, Stale, WorkflowMessage
from claims.review import workflow
from claims.models import Claim, ClaimAction, ClaimEvent, ClaimStatus, Evidence, Rating, Verdict
from claims.review.workflow import MOVES
from tests.factories import ClaimFactory

S = ClaimStatus
EVIDENCE = [{"url": "https://www.unodc.org/coca-survey", "title": "UNODC coca survey",
             "excerpt": "Coca cultivation reached a record.", "stance": "refutes"}]


def put_in_status(claim: Claim, status: str, *, reviewer, editor) -> Claim:
    """Drive a claim into `status` through the workflow itself."""
    if status == S.IN_REVIEW:
        return workflow.claim_start(claim=claim, actor=reviewer)
    if status == S.REVIEWED:
        return workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.")
    if status == S.PUBLISHED:
        put_in_status(claim, S.REVIEWED, reviewer=reviewer, editor=editor)
        return workflow.claim_publish(claim=claim, actor=editor)
    if status == S.DISMISSED:
        return workflow.claim_dismiss(claim=claim, actor=reviewer)
    return claim


def arguments_for(action: str) -> dict:
    if action == ClaimAction.RATE:
        return {"rating": Rating.FALSE, "summary": "Contradicted by the survey.", "evidence": EVIDENCE}
    if action == ClaimAction.REOPEN:
        return {"note": "New figures came out."}
    return {}


ALLOWED = [(action, source) for action, move in MOVES.items() for source in sorted(move.sources)]
REFUSED = [(action, source) for action, move in MOVES.items() for source in S.values if source not in move.sources]


@pytest.mark.parametrize(("action", "source"), ALLOWED)
def test_every_allowed_move_changes_status_bumps_version_and_writes_history(
        action, source, claim, reviewer, editor):
    put_in_status(claim, source, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    version_before, events_before = claim.version, claim.events.count()
    actor = editor if action in (ClaimAction.PUBLISH, ClaimAction.REOPEN) else reviewer

    moved = workflow.claim_transition(claim=claim, actor=actor, action=action, **arguments_for(action))

    moved.refresh_from_db()
    assert moved.status == MOVES[action].target
    new_events = list(moved.events.order_by("id")[events_before:])
    assert new_events[-1].action == action
    assert new_events[-1].actor == actor
    assert new_events[-1].to_status == MOVES[action].target
    assert new_events[-1].version == moved.version
    assert moved.version == version_before + len(new_events)


@pytest.mark.parametrize(("action", "source"), REFUSED)
def test_every_refused_move_names_the_move_and_status_and_writes_nothing(
        action, source, claim, reviewer, editor):
    put_in_status(claim, source, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    version_before, events_before = claim.version, claim.events.count()

    with pytest.raises(Conflict) as refused:
        workflow.claim_transition(claim=claim, actor=editor, action=action, **arguments_for(action))

    assert refused.value.action == action
    assert refused.value.from_status == source
    assert f"Cannot {action} a claim that is {source}" in str(refused.value)
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.events.count()) == (source, version_before, events_before)


def test_start_assigns_the_reviewer_and_release_unassigns(claim, reviewer):
    workflow.claim_start(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    assert claim.assigned_to == reviewer
    workflow.claim_release(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    assert claim.assigned_to is None
    assert claim.status == S.UNREVIEWED


def test_rating_an_unreviewed_claim_records_start_and_rate(claim, reviewer):
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.MISLEADING, summary="Out of context.",
                        evidence=EVIDENCE)
    claim.refresh_from_db()
    events = list(claim.events.order_by("id"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (ClaimAction.START, S.UNREVIEWED, S.IN_REVIEW),
        (ClaimAction.RATE, S.IN_REVIEW, S.REVIEWED),
    ]
    assert claim.version == 3
    assert claim.rating == Rating.MISLEADING
    assert claim.current_verdict.summary == "Out of context."
    assert events[-1].verdict == claim.current_verdict
    evidence = claim.current_verdict.evidence.get()
    assert (evidence.url, evidence.stance) == (EVIDENCE[0]["url"], "refutes")


@pytest.mark.parametrize(("arguments", "field", "message"), [
    ({"rating": None, "summary": "x"}, "rating", WorkflowMessage.RATING_REQUIRED),
    ({"rating": "pants_on_fire", "summary": "x"}, "rating", "'pants_on_fire' is not a rating"),
    ({"rating": Rating.FALSE, "summary": "   "}, "summary", WorkflowMessage.SUMMARY_REQUIRED),
    ({"rating": Rating.FALSE, "summary": "x", "evidence": [{"url": "not a url"}]}, "evidence",
     "Evidence 1, url: Enter a valid URL."),
])
def test_rate_refuses_missing_or_invalid_fields_and_writes_nothing(claim, reviewer, arguments, field, message):
    with pytest.raises(ValidationError) as refused:
        workflow.claim_rate(claim=claim, actor=reviewer, **arguments)
    assert message in " ".join(refused.value.message_dict[field])
    claim.refresh_from_db()
    assert claim.status == S.UNREVIEWED
    assert not Verdict.objects.exists() and not Evidence.objects.exists() and not claim.events.exists()


def test_author_of_the_verdict_cannot_publish_it(claim, editor, other_editor):
    workflow.claim_rate(claim=claim, actor=editor, rating=Rating.FALSE, summary="Wrong.")
    with pytest.raises(Forbidden) as refused:
        workflow.claim_publish(claim=claim, actor=editor)
    assert refused.value.reason == WorkflowMessage.OWN_VERDICT
    claim.refresh_from_db()
    assert claim.status == S.REVIEWED

    workflow.claim_publish(claim=claim, actor=other_editor)
    claim.refresh_from_db()
    assert claim.status == S.PUBLISHED
    assert claim.first_published_at is not None


def test_second_reviewer_rule_can_be_turned_off(claim, editor, settings):
    settings.CLAIMTRACKER_REQUIRE_SECOND_REVIEWER = False
    workflow.claim_rate(claim=claim, actor=editor, rating=Rating.TRUE, summary="Checks out.")
    workflow.claim_publish(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert claim.status == S.PUBLISHED


def test_reviewers_cannot_publish_or_reopen(claim, reviewer, other_reviewer):
    workflow.claim_rate(claim=claim, actor=other_reviewer, rating=Rating.FALSE, summary="Wrong.")
    with pytest.raises(Forbidden, match="claims.publish_claim"):
        workflow.claim_publish(claim=claim, actor=reviewer)
    with pytest.raises(Forbidden, match="claims.reopen_claim"):
        workflow.claim_reopen(claim=claim, actor=reviewer, note="Second thoughts.")


def test_user_without_a_role_cannot_start(claim, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-long-password")
    with pytest.raises(Forbidden):
        workflow.claim_start(claim=claim, actor=nobody)


def test_reopen_needs_a_note(claim, reviewer, editor):
    put_in_status(claim, S.PUBLISHED, reviewer=reviewer, editor=editor)
    with pytest.raises(ValidationError) as refused:
        workflow.claim_reopen(claim=claim, actor=editor, note=" ")
    assert refused.value.message_dict["note"] == [WorkflowMessage.NOTE_REQUIRED]


def test_correcting_a_published_verdict_keeps_the_old_one_and_marks_the_new(claim, reviewer, editor):
    put_in_status(claim, S.PUBLISHED, reviewer=reviewer, editor=editor)
    first_verdict = Claim.objects.get(pk=claim.pk).current_verdict

    workflow.claim_reopen(claim=claim, actor=editor, note="The ministry revised its figures.")
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.MOSTLY_FALSE, summary="Revised.")

    claim.refresh_from_db()
    assert claim.verdicts.count() == 2
    assert claim.current_verdict != first_verdict
    assert claim.current_verdict.is_correction
    assert not first_verdict.is_correction
    reopen = claim.events.get(action=ClaimAction.REOPEN)
    assert (reopen.from_status, reopen.note) == (S.PUBLISHED, "The ministry revised its figures.")


def test_stale_version_is_refused_with_the_current_state(claim, reviewer, other_reviewer):
    loaded_version = claim.version
    workflow.claim_start(claim=claim, actor=reviewer, expected_version=loaded_version)

    with pytest.raises(Stale) as refused:
        workflow.claim_dismiss(claim=claim, actor=other_reviewer, expected_version=loaded_version)

    assert (refused.value.current, refused.value.status) == (loaded_version + 1, S.IN_REVIEW)
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW
    assert claim.events.count() == 1


def test_current_version_is_accepted(claim, reviewer):
    workflow.claim_start(claim=claim, actor=reviewer, expected_version=1)
    workflow.claim_release(claim=claim, actor=reviewer, expected_version=2)
    assert Claim.objects.get(pk=claim.pk).version == 3


def test_unknown_action_is_a_field_error(claim, reviewer):
    with pytest.raises(ValidationError) as refused:
        workflow.claim_transition(claim=claim, actor=reviewer, action="approve")
    assert "Unknown action 'approve'" in refused.value.message_dict["action"][0]


def test_allowed_actions_follow_status_role_and_authorship(claim, reviewer, editor, other_editor):
    assert workflow.allowed_actions(claim, reviewer) == [ClaimAction.START, ClaimAction.RATE, ClaimAction.DISMISS]
    workflow.claim_rate(claim=claim, actor=editor, rating=Rating.FALSE, summary="Wrong.")
    claim = Claim.objects.select_related("current_verdict").get(pk=claim.pk)
    assert workflow.allowed_actions(claim, reviewer) == []
    assert workflow.allowed_actions(claim, editor) == [ClaimAction.REOPEN]
    assert workflow.allowed_actions(claim, other_editor) == [ClaimAction.PUBLISH, ClaimAction.REOPEN]


def test_each_move_appends_exactly_one_event_per_status_change(reviewer, editor):
    claim = ClaimFactory()
    workflow.claim_start(claim=claim, actor=reviewer)
    workflow.claim_dismiss(claim=claim, actor=reviewer, note="Not checkable.")
    workflow.claim_restore(claim=claim, actor=reviewer)
    actions = list(ClaimEvent.objects.filter(claim=claim).order_by("id").values_list("action", "note"))
    assert actions == [("start", ""), ("dismiss", "Not checkable."), ("restore", "")]
