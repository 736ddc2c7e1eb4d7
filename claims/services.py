"""Writing claims and articles after ingest: re-extraction, hand-made claims and edits, metadata,
deletions. Articles come in through `claims.ingest`; status changes live in `claims.workflow`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.errors import DeleteMessage, EditMessage, Protected
from claims.errors import Conflict, IngestMessage
from claims import extraction
from claims.ingest.articles import claimants_by_name, claims_from_extraction, source_by_name
from claims.models import (
    MANUAL_EXTRACTOR, Article, Claim, ClaimAction, ClaimEvent, ClaimKind, ClaimStatus, span_errors,
)
from claims.workflow import lock_claim, require_permission


@dataclass(frozen=True)
class ReextractResult:
    added: int
    removed: int
    kept: int


@transaction.atomic
def article_reextract(*, article: Article, replace: bool = False) -> ReextractResult:
    """Run extraction again on a stored article.

    Claims a reviewer has touched (any status but unreviewed, or edited by hand) are never changed
    or deleted. With `replace`, untouched machine claims from another extractor version are removed.
    New spans are added where they overlap no remaining claim.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    claims = article.claims.all()
    removed = 0
    if replace:
        stale = claims.exclude(pk__in=claims.touched_by_reviewers()).exclude(
            extractor__in=[extraction.EXTRACTOR_VERSION, MANUAL_EXTRACTOR])
        _, deleted = stale.delete()
        removed = deleted.get(Claim._meta.label, 0)
    remaining = list(article.claims.values_list("start", "end"))
    fresh = [
        item for item in extraction.extract(article.body, article.language or None)
        if not any(item.start < end and start < item.end for start, end in remaining)
    ]
    Claim.objects.bulk_create(claims_from_extraction(article, fresh))
    return ReextractResult(added=len(fresh), removed=removed, kept=len(remaining))


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
        check_worthiness = extraction.score_sentences([span])[0]
    claim = Claim(
        article=article, start=start, end=end, text=span, kind=kind, check_worthiness=check_worthiness,
        claimant=claimants_by_name([claimant]).get(claimant.strip().lower()) if claimant else None,
        extractor=MANUAL_EXTRACTOR, edited_by_hand=True,
    )
    claim.full_clean(validate_unique=False)
    claim.save()
    ClaimEvent.objects.create(
        claim=claim, actor=actor, action=ClaimAction.CREATE, to_status=claim.status,
        version=claim.version, note=note,
    )
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
    ClaimEvent.objects.create(
        claim=claim, actor=actor, action=ClaimAction.EDIT, from_status=claim.status,
        to_status=claim.status, rating=claim.rating, version=claim.version,
        note=note or f"Changed {', '.join(dict.fromkeys(changed))}.",
    )
    return claim


# Claims that nobody has reviewed yet (or that were set aside) can go; the others are the record.
DELETABLE_STATUSES = frozenset({ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED})


@transaction.atomic
def article_update(*, article: Article, actor, url=_UNSET, source=_UNSET,
                   published_at: datetime | None | object = _UNSET, language=_UNSET) -> Article:
    """Change an article's metadata. Title and body stay as ingested (claims point into the body)."""
    require_permission(actor, "claims.change_article", "change")
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    changed = []
    if url is not _UNSET:
        url = (url or "").strip() or None
        if url and (holder := Article.objects.filter(url=url).exclude(pk=article.pk).only("id").first()):
            raise ValidationError({"url": IngestMessage.URL_TAKEN.format(id=holder.pk)})
        article.url = url
        changed.append("url")
    if source is not _UNSET:
        article.source = source_by_name(source)
        changed.append("source")
    if published_at is not _UNSET:
        article.published_at = published_at
        changed.append("published_at")
    if language is not _UNSET:
        article.language = (language or "").strip().lower()
        changed.append("language")
    if changed:
        article.full_clean(exclude=["content_hash", "search_vector"], validate_unique=False)
        article.save(update_fields=[*changed, "updated_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article, actor) -> None:
    require_permission(actor, "claims.delete_article", "delete")
    reviewed = Claim.objects.filter(article=article).exclude(status__in=DELETABLE_STATUSES).count()
    if reviewed:
        raise Protected(DeleteMessage.ARTICLE_REVIEWED.format(id=article.pk, count=reviewed))
    article.delete()


@transaction.atomic
def claim_delete(*, claim: Claim, actor, expected_version: int | None = None) -> None:
    require_permission(actor, "claims.delete_claim", "delete")
    claim = lock_claim(claim, expected_version)
    if claim.status not in DELETABLE_STATUSES:
        raise Conflict("delete", claim.status, DeleteMessage.CLAIM_REVIEWED)
    claim.delete()
