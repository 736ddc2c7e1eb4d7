"""A claim's history, written in one place: every event of every claim comes from here.

Events are append-only (a database trigger refuses updates): who did what, from which status to
which, with the rating and version after it. Claims the extractor makes get a `create` event of
the system (no actor), written in bulk with them.
"""

from django.core.exceptions import ValidationError
from django.db import connection

from claims.errors import WorkflowMessage
from claims.models import Claim, ClaimAction, ClaimEvent, Verdict

# A note says why, in a few sentences: every event's, whatever wrote it (moves, hand edits).
NOTE_MAX_LENGTH = 2_000


def note_errors(note: str) -> dict[str, str]:
    if len(note or "") > NOTE_MAX_LENGTH:
        return {"note": WorkflowMessage.NOTE_TOO_LONG.format(length=len(note), limit=NOTE_MAX_LENGTH)}
    return {}


def event_record(claim: Claim, *, actor, action: str, from_status: str = "", note: str = "",
                 verdict: Verdict | None = None) -> ClaimEvent:
    """The event of one change of `claim`, which already carries its new status, rating and version.

    Called inside the change's transaction: a refused note (over NOTE_MAX_LENGTH) undoes the change.
    """
    if errors := note_errors(note):
        raise ValidationError(errors)
    return ClaimEvent.objects.create(
        claim=claim, actor=actor, action=action, from_status=from_status, to_status=claim.status,
        rating=claim.rating, verdict=verdict, version=claim.version, note=note,
    )


EXTRACTED_NOTE = "Extracted by {extractor}."


def events_record_extracted(*, article_ids: list[int] = (), claim_ids: list[int] = ()) -> None:
    """The system's `create` events of the machine claims of these articles (or these claims): one
    statement, however many claims."""
    if not article_ids and not claim_ids:
        return
    events, claims = ClaimEvent._meta.db_table, Claim._meta.db_table
    column, ids = ("article_id", list(article_ids)) if article_ids else ("id", list(claim_ids))
    prefix, suffix = EXTRACTED_NOTE.split("{extractor}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {events} (claim_id, actor_id, action, from_status, to_status, rating, verdict_id, "
            f"version, note, created_at) "
            f"SELECT id, NULL, %s, '', status, NULL, NULL, version, %s || extractor || %s, now() "
            f"FROM {claims} WHERE {column} = ANY(%s) ORDER BY id",
            [ClaimAction.CREATE.value, prefix, suffix, ids],
        )
