"""The review workflow: the only code that changes a claim's status, rating or verdict.

    unreviewed --start--> in_review --rate--> reviewed --publish--> published
    in_review --release--> unreviewed          reviewed/published --reopen--> in_review
    unreviewed/in_review --dismiss--> dismissed --restore--> unreviewed

Each move locks the claim row, checks the expected version, the source status and the actor's
permission, writes the new state, bumps `version` and appends a `ClaimEvent`, all in one
transaction. The admin and the API call these functions; neither changes status itself.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.errors import Conflict, Forbidden, Stale, WorkflowMessage
from claims.models import Claim, ClaimAction, ClaimStatus, Evidence, Stance, Verdict
from claims.review.events import event_record, note_errors
from claims.review.ratings import rating_slugs
from claims.review.signals import fact_check_published
from claims.web_urls import same_url_key, web_url


S = ClaimStatus

# What a move takes at most: the one home of these limits (the API's input serializers show them
# in the schema; the admin's pages and bulk actions and the API all meet them here).
EVIDENCE_MAX_ITEMS = 50
SUMMARY_MAX_LENGTH = 10_000
EVIDENCE_TITLE_MAX_LENGTH = Evidence._meta.get_field("title").max_length  # 500
EVIDENCE_EXCERPT_MAX_LENGTH = 5_000
EVIDENCE_URL_MAX_LENGTH = Evidence._meta.get_field("url").max_length  # 2000, of the stored (encoded) URL


@dataclass(frozen=True)
class Move:
    """One workflow move: where it may start and end, who may make it, how it is shown, what runs it.

    The API's action enum, `allowed_actions`, the admin's buttons and pages and the bulk messages
    all derive from these records.
    """

    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str  # the button
    past: str  # "2 claims started."
    # What the move asks for on a page of its own: "" (one click), "note", "note_required", "verdict",
    # "confirm" (a look at what the move makes public, and an optional note, before it happens).
    asks: str
    service: Callable[..., Claim]
    # A rule beyond status and permission: why `user` may not make the move on `claim`, or None.
    guard: Callable[[Claim, object], str | None] | None = None

    def refusal(self, claim: Claim, user) -> str | None:
        return self.guard(claim, user) if self.guard else None


def own_verdict_refusal(claim: Claim, user) -> str | None:
    """The four-eyes rule: a verdict goes public only through someone other than its reviewer."""
    if (settings.CLAIMTRACKER_REQUIRE_SECOND_REVIEWER and claim.current_verdict_id is not None
            and claim.current_verdict.reviewer_id == user.pk):
        return WorkflowMessage.OWN_VERDICT
    return None


def lock_claim(claim: Claim | int, expected_version: int | None) -> Claim:
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update(of=("self",)).select_related("current_verdict").get(pk=claim_id)
    if expected_version is not None and expected_version != locked.version:
        raise Stale(expected=expected_version, current=locked.version, status=locked.status)
    return locked


def require_permission(actor, permission: str, action: str) -> None:
    """Refuse `action` to an actor without `permission` (workflow moves and hand edits alike)."""
    if not actor.has_perm(permission):
        raise Forbidden(action, WorkflowMessage.NO_PERMISSION.format(permission=permission))


def _check(claim: Claim, action: str, actor) -> Move:
    move = MOVES[action]
    require_permission(actor, move.permission, action)
    if claim.status not in move.sources:
        sources = " or ".join(sorted(move.sources))
        raise Conflict(action, claim.status, WorkflowMessage.WRONG_STATUS.format(sources=sources))
    if reason := move.refusal(claim, actor):
        raise Forbidden(action, reason)
    return move


def _record(claim: Claim, *, actor, action: str, to_status: str, note: str = "",
            verdict: Verdict | None = None, fields: Iterable[str] = ()) -> None:
    """Write a move (its note is checked by the event writer; the transaction undoes the rest)."""
    from_status = claim.status
    claim.status = to_status
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *fields])
    event_record(claim, actor=actor, action=action, from_status=from_status, note=note, verdict=verdict)


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": WorkflowMessage.NOTE_REQUIRED})
    if errors := note_errors(note):
        raise ValidationError(errors)
    return note


@transaction.atomic
def claim_start(*, claim: Claim | int, actor, expected_version: int | None = None, note: str = "") -> Claim:
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.START, actor)
    claim.assigned_to = actor
    _record(claim, actor=actor, action=ClaimAction.START, to_status=move.target, note=note,
            fields=["assigned_to"])
    return claim


@transaction.atomic
def claim_release(*, claim: Claim | int, actor, expected_version: int | None = None, note: str = "") -> Claim:
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.RELEASE, actor)
    claim.assigned_to = None
    _record(claim, actor=actor, action=ClaimAction.RELEASE, to_status=move.target, note=note,
            fields=["assigned_to"])
    return claim


def _evidence_url(raw: str) -> tuple[str, str | None]:
    """The URL to store and None, or the raw URL and why it is refused."""
    try:
        return web_url(raw), None
    except ValueError:
        return raw, WorkflowMessage.EVIDENCE_URL_INVALID


def _validated_evidence(evidence: Iterable[Mapping]) -> list[Evidence]:
    """The evidence rows of a verdict (not saved), or a ValidationError on "evidence" naming each item's problem."""
    evidence = list(evidence)
    if len(evidence) > EVIDENCE_MAX_ITEMS:
        raise ValidationError({"evidence": WorkflowMessage.EVIDENCE_TOO_MANY.format(
            count=len(evidence), limit=EVIDENCE_MAX_ITEMS)})
    rows, errors, first_with_url = [], [], {}
    for number, item in enumerate(evidence, start=1):
        url, url_error = _evidence_url((item.get("url") or "").strip())
        row = Evidence(url=url, title=item.get("title") or "", excerpt=item.get("excerpt") or "",
                       stance=item.get("stance") or Stance.CONTEXT)
        problems = {}
        if url_error:
            problems["url"] = url_error
        elif (first := first_with_url.setdefault(same_url_key(url), number)) != number:
            problems["url"] = WorkflowMessage.EVIDENCE_DUPLICATE_URL.format(first=first)
        for field, limit in (("title", EVIDENCE_TITLE_MAX_LENGTH), ("excerpt", EVIDENCE_EXCERPT_MAX_LENGTH)):
            if len(getattr(row, field)) > limit:
                problems[field] = WorkflowMessage.TEXT_TOO_LONG.format(length=len(getattr(row, field)), limit=limit)
        messages = list(problems.items())
        try:
            row.full_clean(exclude=["verdict", *problems])
        except ValidationError as error:
            messages.extend((field, message) for field, field_messages in error.message_dict.items()
                            for message in field_messages)
        errors.extend(WorkflowMessage.EVIDENCE_ITEM.format(number=number, field=field, message=message)
                      for field, message in messages)
        rows.append(row)
    if errors:
        raise ValidationError({"evidence": errors})
    return rows


@transaction.atomic
def claim_rate(*, claim: Claim | int, actor, rating: str | None, summary: str,
               evidence: Iterable[Mapping] = (), expected_version: int | None = None,
               note: str = "") -> Claim:
    """Record a verdict. From unreviewed this records the start move as well."""
    errors = {}
    if not rating:
        errors["rating"] = WorkflowMessage.RATING_REQUIRED
    elif rating not in (slugs := rating_slugs()):
        errors["rating"] = WorkflowMessage.RATING_INVALID.format(rating=rating, choices=", ".join(slugs))
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = WorkflowMessage.SUMMARY_REQUIRED
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = WorkflowMessage.SUMMARY_TOO_LONG.format(length=len(summary), limit=SUMMARY_MAX_LENGTH)
    errors.update(note_errors(note))
    try:
        evidence_rows = _validated_evidence(evidence)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.RATE, actor)
    if claim.status == S.UNREVIEWED:
        claim.assigned_to = actor
        _record(claim, actor=actor, action=ClaimAction.START, to_status=S.IN_REVIEW, fields=["assigned_to"])

    verdict = Verdict.objects.create(
        claim=claim, rating=rating, summary=summary, reviewer=actor,
        is_correction=claim.first_published_at is not None,
    )
    for row in evidence_rows:
        row.verdict = verdict
    Evidence.objects.bulk_create(evidence_rows)
    claim.rating = rating
    claim.current_verdict = verdict
    _record(claim, actor=actor, action=ClaimAction.RATE, to_status=move.target, note=note,
            verdict=verdict, fields=["rating", "current_verdict"])
    return claim


@transaction.atomic
def claim_publish(*, claim: Claim | int, actor, expected_version: int | None = None, note: str = "") -> Claim:
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.PUBLISH, actor)
    verdict = claim.current_verdict
    if claim.first_published_at is None:
        claim.first_published_at = timezone.now()
    _record(claim, actor=actor, action=ClaimAction.PUBLISH, to_status=move.target, note=note,
            verdict=verdict, fields=["first_published_at"])
    correction = bool(verdict and verdict.is_correction)
    transaction.on_commit(lambda: fact_check_published.send(sender=Claim, claim=claim, correction=correction))
    return claim


@transaction.atomic
def claim_reopen(*, claim: Claim | int, actor, note: str, expected_version: int | None = None) -> Claim:
    """Send a verdict back to review; it stays in history and the next one is a correction."""
    note = _require_note(note)
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.REOPEN, actor)
    claim.assigned_to = actor
    _record(claim, actor=actor, action=ClaimAction.REOPEN, to_status=move.target, note=note,
            fields=["assigned_to"])
    return claim


@transaction.atomic
def claim_dismiss(*, claim: Claim | int, actor, expected_version: int | None = None, note: str = "") -> Claim:
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.DISMISS, actor)
    claim.assigned_to = None
    _record(claim, actor=actor, action=ClaimAction.DISMISS, to_status=move.target, note=note,
            fields=["assigned_to"])
    return claim


@transaction.atomic
def claim_restore(*, claim: Claim | int, actor, expected_version: int | None = None, note: str = "") -> Claim:
    claim = lock_claim(claim, expected_version)
    move = _check(claim, ClaimAction.RESTORE, actor)
    _record(claim, actor=actor, action=ClaimAction.RESTORE, to_status=move.target, note=note)
    return claim


A = ClaimAction
MOVES: dict[str, Move] = {move.action: move for move in (
    Move(A.START, frozenset({S.UNREVIEWED}), S.IN_REVIEW, "claims.review_claim", "Start", "started", "",
         claim_start),
    Move(A.RELEASE, frozenset({S.IN_REVIEW}), S.UNREVIEWED, "claims.review_claim", "Release", "released", "",
         claim_release),
    # Rating an unreviewed claim directly is allowed: it records a start, then the rating.
    Move(A.RATE, frozenset({S.UNREVIEWED, S.IN_REVIEW}), S.REVIEWED, "claims.review_claim", "Rate…", "rated",
         "verdict", claim_rate),
    Move(A.PUBLISH, frozenset({S.REVIEWED}), S.PUBLISHED, "claims.publish_claim", "Publish…", "published",
         "confirm", claim_publish, guard=own_verdict_refusal),
    Move(A.REOPEN, frozenset({S.REVIEWED, S.PUBLISHED}), S.IN_REVIEW, "claims.reopen_claim", "Reopen…", "reopened",
         "note_required", claim_reopen),
    Move(A.DISMISS, frozenset({S.UNREVIEWED, S.IN_REVIEW}), S.DISMISSED, "claims.review_claim", "Dismiss…",
         "dismissed", "note", claim_dismiss),
    Move(A.RESTORE, frozenset({S.DISMISSED}), S.UNREVIEWED, "claims.review_claim", "Restore", "restored", "",
         claim_restore),
)}
TRANSITIONS = tuple(MOVES)


def claim_transition(*, claim: Claim | int, actor, action: str, expected_version: int | None = None,
                     rating: str | None = None, summary: str = "", evidence: Iterable[Mapping] = (),
                     note: str = "") -> Claim:
    """Run the move named by `action`; what the API's transition endpoint and admin actions call."""
    if action not in MOVES:
        raise ValidationError({"action": f"Unknown action {action!r}; choose one of {', '.join(TRANSITIONS)}."})
    kwargs = {"claim": claim, "actor": actor, "expected_version": expected_version, "note": note}
    if MOVES[action].asks == "verdict":
        kwargs.update(rating=rating, summary=summary, evidence=evidence)
    return MOVES[action].service(**kwargs)


def allowed_actions(claim: Claim, user) -> list[str]:
    """The moves `user` may make on `claim` now (for buttons and API hints)."""
    return [action for action, move in MOVES.items()
            if claim.status in move.sources and user.has_perm(move.permission) and move.refusal(claim, user) is None]
