"""A reviewer's own hand on claims: claims made by hand, edits of span, claimant and kind, and
deletions of claims nobody has reviewed. Status, rating and verdict change only in the workflow.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims import extraction
from claims.errors import Conflict, DeleteMessage, EditMessage
from claims.ingest.articles import claimants_by_name
from claims.models import MANUAL_EXTRACTOR, REVIEWER_SCORE, Article, Claim, ClaimAction, ClaimKind, ClaimStatus, span_errors
from claims.review.events import event_record
from claims.review.matches import matches_after_commit
from claims.review.workflow import lock_claim, require_permission


# Claims that nobody has reviewed yet (or that were set aside) can go; the others are the record.
DELETABLE_STATUSES = frozenset({ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED})


@transaction.atomic
def claim_create(*, article: Article, start: int, end: int, actor, text: str | None = None,
                 claimant: str | None = None, kind: str = ClaimKind.OTHER,
                 check_worthiness: float | None = None, note: str = "") -> Claim:
    """A reviewer's hand-made claim. The text is taken from the body; a given text must match it."""
    require_permission(actor, "claims.add_claim", "add")
    errors = span_errors(article.body, start, end, text)
    if errors:
        raise ValidationError(errors)
    if duplicate := Claim.objects.filter(article=article, start=start, end=end).only("id").first():
        raise ValidationError({"start": EditMessage.SPAN_TAKEN.format(start=start, end=end, id=duplicate.pk)})
    span = article.body[start:end]
    if check_worthiness is None:
        check_worthiness, scored_by = extraction.score_sentences([span], extraction.NEWS)[0], extraction.PRECISE_MODEL
    else:
        scored_by = REVIEWER_SCORE
    claim = Claim(
        article=article, start=start, end=end, text=span, kind=kind, check_worthiness=check_worthiness,
        check_worthiness_model=scored_by, check_worthiness_scored_at=timezone.now(),
        claimant=claimants_by_name([claimant]).get(claimant.strip().lower()) if claimant else None,
        extractor=MANUAL_EXTRACTOR, edited_by_hand=True,
    )
    claim.full_clean(validate_unique=False)
    claim.save()
    event_record(claim, actor=actor, action=ClaimAction.CREATE, note=note)
    matches_after_commit(claim_ids=[claim.pk])
    return claim


_UNSET = object()


@transaction.atomic
def claim_edit(*, claim: Claim | int, actor, expected_version: int | None = None, start: int | None = None,
               end: int | None = None, claimant=_UNSET, kind: str | None = None, note: str = "") -> Claim:
    """Change a claim's span, claimant or kind by hand; status and rating change only in the workflow.

    A new span re-takes the text from the body. `claimant` is a name, or None to clear it.
    """
    require_permission(actor, "claims.change_claim", "edit")
    claim = lock_claim(claim, expected_version)
    if claim.status == ClaimStatus.PUBLISHED:
        raise Conflict("edit", claim.status, EditMessage.PUBLISHED)
    changed = []
    if start is not None or end is not None:
        start = claim.start if start is None else start
        end = claim.end if end is None else end
        if (start, end) != (claim.start, claim.end):
            if claim.status == ClaimStatus.REVIEWED:  # its verdict, waiting to be published, judges this text
                raise Conflict("edit", claim.status, EditMessage.VERDICT_ON_TEXT)
            body = claim.article.body
            errors = span_errors(body, start, end, None)
            if errors:
                raise ValidationError(errors)
            taken = Claim.objects.filter(article_id=claim.article_id, start=start, end=end).exclude(pk=claim.pk)
            if duplicate := taken.only("id").first():
                raise ValidationError(
                    {"start": EditMessage.SPAN_TAKEN.format(start=start, end=end, id=duplicate.pk)})
            claim.start, claim.end, claim.text = start, end, body[start:end]
            changed += ["start", "end", "text"]
            if claim.check_worthiness_model != REVIEWER_SCORE:  # a model's score was of the old text
                claim.check_worthiness = extraction.score_sentences([claim.text], extraction.NEWS)[0]
                claim.check_worthiness_model, claim.check_worthiness_scored_at = extraction.PRECISE_MODEL, timezone.now()
                changed += ["check_worthiness", "check_worthiness_model", "check_worthiness_scored_at"]
    if claimant is not _UNSET:
        new = claimants_by_name([claimant]).get(claimant.strip().lower()) if claimant else None
        if new != claim.claimant:
            claim.claimant = new
            changed.append("claimant")
    if kind is not None and kind != claim.kind:
        claim.kind = kind
        changed.append("kind")
    if not changed:
        return claim
    claim.edited_by_hand = True
    claim.version += 1
    claim.full_clean(validate_unique=False, validate_constraints=False)
    claim.save(update_fields=[*changed, "edited_by_hand", "version", "updated_at"])
    event_record(claim, actor=actor, action=ClaimAction.EDIT, from_status=claim.status,
                 note=note or f"Changed {', '.join(dict.fromkeys(changed))}.")
    if "text" in changed:  # its matches were of the old text
        matches_after_commit(claim_ids=[claim.pk])
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, actor, expected_version: int | None = None) -> None:
    require_permission(actor, "claims.delete_claim", "delete")
    claim = lock_claim(claim, expected_version)
    if claim.status not in DELETABLE_STATUSES:
        raise Conflict("delete", claim.status, DeleteMessage.CLAIM_REVIEWED)
    claim.delete()
