"""Writing articles and claims: ingest with extraction, hand-made claims and edits, deletions.

Status changes are not here: they live in `claims.workflow`.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from claims import extraction
from claims.language import detect_language
from claims.models import (
    MANUAL_EXTRACTOR, Article, Claim, ClaimAction, ClaimEvent, Claimant, ClaimKind, ClaimStatus,
    Source, span_errors,
)
from claims.workflow import MoveNotAllowed, lock_claim, require_permission


class IngestError:
    """Messages for refused articles (named so that tests and the loader can match them)."""

    TITLE_REQUIRED = "The article has no title."
    BODY_REQUIRED = "The article has no body."
    TITLE_TOO_LONG = "The title is {length} characters long; the limit is {limit}."
    TOO_LARGE = "The article is {size} bytes; the limit is {limit} bytes."
    NUL_BYTE = "The text contains NUL bytes, which are not text."
    URL_TAKEN = "Another article (id {id}) already has this URL."
    LANGUAGE_INVALID = "{language!r} is not an ISO 639-1 language code."


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims_created: int


def _collapse_whitespace(text: str) -> str:
    # str.split() splits on exactly what `\s` matches in a str pattern, several times faster.
    return " ".join(text.split())


_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def normalise_body(body: str) -> str:
    """What is stored: one kind of line end, no surrounding whitespace. Offsets refer to this."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(title: str, body: str) -> str:
    """SHA-256 of title and body with Unicode and white space normalised: the article's natural key."""
    def normal(text: str) -> str:
        return _collapse_whitespace(unicodedata.normalize("NFC", text))

    return hashlib.sha256(f"{normal(title)}\n\n{normal(body)}".encode()).hexdigest()


def _article_errors(title: str, body: str, url: str | None, language: str | None) -> dict:
    errors = {}
    limit = settings.CLAIMTRACKER_MAX_ARTICLE_BYTES
    if "\x00" in title or "\x00" in body:
        errors["body" if "\x00" in body else "title"] = IngestError.NUL_BYTE
        return errors
    if not title:
        errors["title"] = IngestError.TITLE_REQUIRED
    elif len(title) > Article._meta.get_field("title").max_length:
        errors["title"] = IngestError.TITLE_TOO_LONG.format(
            length=len(title), limit=Article._meta.get_field("title").max_length)
    if not body:
        errors["body"] = IngestError.BODY_REQUIRED
    elif (size := len(body.encode("utf-8", "surrogatepass"))) > limit:
        errors["body"] = IngestError.TOO_LARGE.format(size=size, limit=limit)
    if url:
        try:
            URLValidator()(url)
        except ValidationError as error:
            errors["url"] = error.messages[0]
    if language and not _LANGUAGE_CODE.match(language):
        errors["language"] = IngestError.LANGUAGE_INVALID.format(language=language)
    return errors


def _claimants_by_name(names: Iterable[str]) -> dict[str, Claimant]:
    """Claimant rows for names, matched case-insensitively and created when missing (race-safe)."""
    wanted = {name.strip().lower(): name.strip() for name in names if name and name.strip()}
    if not wanted:
        return {}
    Claimant.objects.bulk_create(
        [Claimant(name=name) for name in wanted.values()], ignore_conflicts=True
    )
    found = Claimant.objects.annotate(key=Lower("name")).filter(key__in=wanted.keys())
    return {claimant.key: claimant for claimant in found}


def source_by_name(name: str | None) -> Source | None:
    if not name or not name.strip():
        return None
    Source.objects.bulk_create([Source(name=name.strip())], ignore_conflicts=True)
    return Source.objects.get(name__iexact=name.strip())


def claims_from_extraction(article: Article, extracted: Iterable["extraction.ExtractedClaim"]) -> list[Claim]:
    """Unsaved Claim rows for extractor output, with their claimants resolved to rows."""
    extracted = list(extracted)
    claimants = _claimants_by_name(item.claimant for item in extracted if item.claimant)
    return [
        Claim(
            article=article, start=item.start, end=item.end, text=item.text,
            claimant=claimants.get(item.claimant.strip().lower()) if item.claimant else None,
            kind=item.kind if item.kind in ClaimKind.values else ClaimKind.OTHER,
            check_worthiness=min(1.0, max(0.0, float(item.check_worthiness))),
            extractor=item.extractor,
        )
        for item in extracted
    ]


@dataclass(frozen=True)
class CleanArticle:
    """An article's input as it is stored: normalised, validated, with its content hash."""

    title: str
    body: str
    url: str | None
    language: str | None
    digest: str


def article_clean(*, title: str, body: str, url: str | None = None, language: str | None = None) -> CleanArticle:
    """Normalise and validate an article (no database): ValidationError with field errors if it cannot be stored."""
    title = _collapse_whitespace((title or "").replace("\ufeff", ""))
    body = normalise_body((body or "").replace("\ufeff", ""))
    url = (url or "").strip() or None
    language = (language or "").strip().lower() or None
    errors = _article_errors(title, body, url, language)
    if errors:
        raise ValidationError(errors)
    return CleanArticle(title, body, url, language, content_hash(title, body))


@dataclass(frozen=True)
class ArticleAnalysis:
    """What extraction and language detection found in a clean article."""

    claims: list
    language: str
    title_language: str


def article_analyse(article: CleanArticle) -> ArticleAnalysis:
    """Extraction and language detection: pure Python and no database, so it can run in worker processes."""
    return ArticleAnalysis(
        claims=extraction.extract(article.body, article.language),
        language=article.language or detect_language(article.body),
        title_language=detect_language(article.title),
    )


def article_ingest(*, title: str, body: str, url: str | None = None, source: str | None = None,
                   published_at: datetime | None = None, language: str | None = None,
                   analysis: ArticleAnalysis | None = None) -> IngestResult:
    """Store an article and its extracted claims, once: a known content hash writes nothing.

    `analysis` is `article_analyse` of the same input when a caller ran it already (in a worker).
    Raises ValidationError with field errors for input that cannot be stored.
    """
    clean = article_clean(title=title, body=body, url=url, language=language)
    title, body, url, digest = clean.title, clean.body, clean.url, clean.digest
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return IngestResult(existing, created=False, claims_created=0)
    if url and (holder := Article.objects.filter(url=url).only("id").first()):
        raise ValidationError({"url": IngestError.URL_TAKEN.format(id=holder.pk)})

    analysis = analysis or article_analyse(clean)
    extracted = analysis.claims
    article = Article(
        title=title, body=body, url=url, published_at=published_at, content_hash=digest,
        language=analysis.language, title_language=analysis.title_language,
    )
    with transaction.atomic():
        article.source = source_by_name(source)
        try:
            with transaction.atomic():  # a savepoint: a concurrent loader may have stored it first
                article.save()
        except IntegrityError:
            existing = Article.objects.filter(content_hash=digest).first()
            if existing is None:
                raise
            return IngestResult(existing, created=False, claims_created=0)
        claims = Claim.objects.bulk_create(claims_from_extraction(article, extracted))
    return IngestResult(article, created=True, claims_created=len(claims))


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


class ClaimEditError:
    SPAN_TAKEN = "The article already has a claim at {start}:{end} (claim {id})."
    PUBLISHED = "A published claim cannot be edited; reopen it first."


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
        raise ValidationError({"start": ClaimEditError.SPAN_TAKEN.format(start=start, end=end, id=duplicate.pk)})
    span = article.body[start:end]
    if check_worthiness is None:
        check_worthiness = extraction.score_sentences([span])[0]
    claim = Claim(
        article=article, start=start, end=end, text=span, kind=kind, check_worthiness=check_worthiness,
        claimant=_claimants_by_name([claimant]).get(claimant.strip().lower()) if claimant else None,
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
        raise MoveNotAllowed("edit", claim.status, ClaimEditError.PUBLISHED)
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
                    {"start": ClaimEditError.SPAN_TAKEN.format(start=start, end=end, id=duplicate.pk)})
            claim.start, claim.end, claim.text = start, end, body[start:end]
            changed += ["start", "end", "text"]
    if claimant is not _UNSET:
        new = _claimants_by_name([claimant]).get(claimant.strip().lower()) if claimant else None
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


class DeleteRefused(Exception):
    code = "delete_refused"


class DeleteError:
    CLAIM_REVIEWED = "only unreviewed or dismissed claims can be deleted; dismiss it instead"
    ARTICLE_REVIEWED = (
        "Article {id} has claims in review, reviewed or published ({count}); it cannot be deleted."
    )


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
            raise ValidationError({"url": IngestError.URL_TAKEN.format(id=holder.pk)})
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
        raise DeleteRefused(DeleteError.ARTICLE_REVIEWED.format(id=article.pk, count=reviewed))
    article.delete()


@transaction.atomic
def claim_delete(*, claim: Claim, actor, expected_version: int | None = None) -> None:
    require_permission(actor, "claims.delete_claim", "delete")
    claim = lock_claim(claim, expected_version)
    if claim.status not in DELETABLE_STATUSES:
        raise MoveNotAllowed("delete", claim.status, DeleteError.CLAIM_REVIEWED)
    claim.delete()
