"""Stored articles after ingest: their metadata, re-extraction that keeps the reviewers' work, and
deletion while nothing of them is under review. Articles come in through `claims.ingest`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import extraction
from claims.errors import DeleteMessage, IngestMessage, Protected
from claims.ingest.articles import claims_from_extraction, source_by_name
from claims.ingest.rescore import rescore_after_commit
from claims.review.matches import matches_after_commit
from claims.models import MANUAL_EXTRACTOR, Article, Claim
from claims.review.edits import _UNSET, DELETABLE_STATUSES
from claims.review.events import events_record_extracted
from claims.review.workflow import require_permission
from claims.web_urls import web_url


@dataclass(frozen=True)
class ReextractResult:
    added: int
    removed: int
    kept: int


@transaction.atomic
def article_reextract(*, article: Article, actor, replace: bool = False) -> ReextractResult:
    """Run extraction again on a stored article.

    Claims a reviewer has touched (any status but unreviewed, or edited by hand) are never changed
    or deleted. With `replace`, untouched machine claims from another extractor version are removed.
    New spans are added where they overlap no remaining claim. `actor` None is the system (a
    management command run by whoever runs the server); a user needs to be allowed to change articles.
    """
    if actor is not None:
        require_permission(actor, "claims.change_article", "re-extract")
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
        item for item in extraction.extract(article.body, article.language or None, precise=False)
        if not any(item.start < end and start < item.end for start, end in remaining)
    ]
    added = Claim.objects.bulk_create(claims_from_extraction(article, fresh))
    events_record_extracted(claim_ids=[claim.pk for claim in added])
    if added:
        rescore_after_commit([article.pk])
        matches_after_commit(claim_ids=[claim.pk for claim in added])
    return ReextractResult(added=len(fresh), removed=removed, kept=len(remaining))


@transaction.atomic
def article_update(*, article: Article, actor, url=_UNSET, source=_UNSET,
                   published_at: datetime | None | object = _UNSET, language=_UNSET) -> Article:
    """Change an article's metadata. Title and body stay as ingested (claims point into the body)."""
    require_permission(actor, "claims.change_article", "change")
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    changed = []
    if url is not _UNSET:
        url = (url or "").strip() or None
        if url:
            try:
                url = web_url(url)
            except ValueError:
                raise ValidationError({"url": IngestMessage.URL_INVALID}) from None
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


