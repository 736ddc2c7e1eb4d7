"""Writes the API needs that `claims.services` does not have yet: article edits and deletions.

Same conventions as `claims.services` (keyword-only, permission checked, one transaction); they
can move there when the admin wants them too.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, Claim, ClaimStatus
from claims.services import IngestError, _source_by_name
from claims.workflow import MoveForbidden, MoveNotAllowed, lock_claim

# Claims that nobody has reviewed yet (or that were set aside) can go; the others are the record.
DELETABLE_STATUSES = frozenset({ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED})


class DeleteRefused(Exception):
    code = "delete_refused"


class DeleteError:
    CLAIM_REVIEWED = "only unreviewed or dismissed claims can be deleted; dismiss it instead"
    ARTICLE_REVIEWED = (
        "Article {id} has claims in review, reviewed or published ({count}); it cannot be deleted."
    )


_UNSET = object()


def _require(actor, permission: str, action: str):
    if not actor.has_perm(permission):
        raise MoveForbidden(action, f"your account lacks the permission {permission}")


@transaction.atomic
def article_update(*, article: Article, actor, url=_UNSET, source=_UNSET,
                   published_at: datetime | None | object = _UNSET, language=_UNSET) -> Article:
    """Change an article's metadata. Title and body stay as ingested (claims point into the body)."""
    _require(actor, "claims.change_article", "change")
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    changed = []
    if url is not _UNSET:
        url = (url or "").strip() or None
        if url and (holder := Article.objects.filter(url=url).exclude(pk=article.pk).only("id").first()):
            raise ValidationError({"url": IngestError.URL_TAKEN.format(id=holder.pk)})
        article.url = url
        changed.append("url")
    if source is not _UNSET:
        article.source = _source_by_name(source)
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
    _require(actor, "claims.delete_article", "delete")
    reviewed = Claim.objects.filter(article=article).exclude(status__in=DELETABLE_STATUSES).count()
    if reviewed:
        raise DeleteRefused(DeleteError.ARTICLE_REVIEWED.format(id=article.pk, count=reviewed))
    article.delete()


@transaction.atomic
def claim_delete(*, claim: Claim, actor, expected_version: int | None = None) -> None:
    _require(actor, "claims.delete_claim", "delete")
    claim = lock_claim(claim, expected_version)
    if claim.status not in DELETABLE_STATUSES:
        raise MoveNotAllowed("delete", claim.status, DeleteError.CLAIM_REVIEWED)
    claim.delete()
