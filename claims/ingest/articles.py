"""Articles in: cleaning and hashing, analysis (extraction and language), and the writer that
stores articles with their claims in a few statements. `article_ingest` (the API and the admin)
and the load pipeline (`load_seeds`) both write through `articles_store`.
"""

import hashlib
import io
import re
import traceback
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from psycopg2.extras import execute_values

from claims import extraction
from claims.errors import AnalysisError, IngestMessage
from claims.ingest.language import detect_language
from claims.ingest.rescore import rescore_after_commit
from claims.review.matches import matches_after_commit
from claims.models import Article, Claim, Claimant, ClaimKind, ClaimStatus, Source
from claims.review.events import events_record_extracted
from claims.web_urls import web_url


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims_created: int


LANGUAGE_CODE_PATTERN = r"^[a-z]{2}$"  # ISO 639-1; the API's schema says the same
_LANGUAGE_CODE = re.compile(LANGUAGE_CODE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters other than tab, line ends and NUL (refused: it means binary data) are taken out
# before anything else, so that offsets, hashes and claimants never see them: the ones that are
# white space (form feed, NEL, the information separators) become a space, the rest go.
_CONTROLS = {
    code: (" " if chr(code).isspace() else None)
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
    if chr(code) not in "\t\n\r\x00"
}
_CONTROLS[0xFEFF] = None  # a byte-order mark inside the text


def remove_control_characters(text: str) -> str:
    return text.translate(_CONTROLS)


def _collapse_whitespace(text: str) -> str:
    # str.split() splits on exactly what `\s` matches in a str pattern, several times faster.
    return " ".join(text.split())


def normalise_body(body: str) -> str:
    """What is stored: one kind of line end, no surrounding whitespace. Offsets refer to this."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(title: str, body: str) -> str:
    """SHA-256 of title and body with Unicode and white space normalised: the article's natural key."""
    def normal(text: str) -> str:
        return _collapse_whitespace(unicodedata.normalize("NFC", text))

    return hashlib.sha256(f"{normal(title)}\n\n{normal(body)}".encode()).hexdigest()


def _article_errors(title: str, body: str, url: str | None, language: str | None) -> tuple[dict, str | None]:
    """The article's field errors, and its URL as stored (`web_url`, normalised once)."""
    errors = {}
    limit = settings.CLAIMTRACKER_MAX_ARTICLE_BYTES
    for field, text in (("title", title), ("body", body)):
        if "\x00" in text:
            errors[field] = IngestMessage.NUL_BYTE
        elif surrogate := _SURROGATE.search(text):
            errors[field] = IngestMessage.SURROGATE.format(code=ord(surrogate.group()))
    if errors:
        return errors, url
    if not title:
        errors["title"] = IngestMessage.TITLE_REQUIRED
    elif len(title) > Article._meta.get_field("title").max_length:
        errors["title"] = IngestMessage.TITLE_TOO_LONG.format(
            length=len(title), limit=Article._meta.get_field("title").max_length)
    if not body:
        errors["body"] = IngestMessage.BODY_REQUIRED
    elif (size := len(body.encode("utf-8"))) > limit:
        errors["body"] = IngestMessage.TOO_LARGE.format(size=size, limit=limit)
    if url:
        try:
            url = web_url(url)
        except ValueError:
            errors["url"] = IngestMessage.URL_INVALID
    if language and not _LANGUAGE_CODE.match(language):
        errors["language"] = IngestMessage.LANGUAGE_INVALID.format(language=language)
    return errors, url


# Real UTC offsets lie within ±14 h; PostgreSQL refuses more than ±16 h (a server error before this rule).
MAX_UTC_OFFSET = timedelta(hours=14)


def moment_in_utc(moment: datetime) -> datetime:
    """A date-time as stored: in UTC (naive ones taken as UTC). ValueError (IngestMessage.DATETIME_OUT_OF_RANGE)
    for an offset beyond ±14 h. The one rule for `published_at` from seed files and the API, and for
    the API's date filters (whose schema pattern says the same). A moment of the first or last day
    that falls outside the years 1-9999 once in UTC is the first or last moment there is."""
    offset = moment.utcoffset()
    if offset is None:
        return moment.replace(tzinfo=dt_timezone.utc)
    if abs(offset) > MAX_UTC_OFFSET:
        raise ValueError(IngestMessage.DATETIME_OUT_OF_RANGE)
    try:
        return moment.astimezone(dt_timezone.utc)
    except OverflowError:
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=dt_timezone.utc)


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
    title = _collapse_whitespace(remove_control_characters(title or ""))
    body = normalise_body(remove_control_characters(body or ""))
    url = (url or "").strip() or None
    language = (language or "").strip().lower() or None
    errors, url = _article_errors(title, body, url, language)
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
        # The fast score: the precise model re-scores stored claims in the background (ingest.rescore).
        claims=extraction.extract(article.body, article.language, precise=False),
        language=article.language or detect_language(article.body),
        title_language=detect_language(article.title),
    )


def describe_exception(error: BaseException) -> str:
    """An unexpected exception on one line: its type and message."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def article_analyse_safely(article: CleanArticle) -> ArticleAnalysis | AnalysisError:
    """`article_analyse`, with an exception returned (it may cross from a worker process), not raised."""
    try:
        return article_analyse(article)
    except Exception as error:  # noqa: BLE001 -- one article's failure is reported, never the run's end
        return AnalysisError(describe_exception(error), traceback.format_exc())


def _rows_by_name(model, names: Iterable[str | None]) -> dict:
    """Rows of a model with a case-insensitively unique `name`, keyed by lower-case name; created
    when missing (race-safe: a concurrent writer's row is found, not duplicated)."""
    wanted = {name.strip().lower(): name.strip() for name in names if name and name.strip()}
    if not wanted:
        return {}
    model.objects.bulk_create([model(name=name) for name in wanted.values()], ignore_conflicts=True)
    return {row.key: row for row in model.objects.annotate(key=Lower("name")).filter(key__in=wanted.keys())}


def claimants_by_name(names: Iterable[str | None]) -> dict[str, Claimant]:
    return _rows_by_name(Claimant, names)


def source_by_name(name: str | None) -> Source | None:
    return _rows_by_name(Source, [name]).get((name or "").strip().lower())


_KINDS = frozenset(ClaimKind.values)


def _claim_values(item: "extraction.ExtractedClaim", claimants: dict[str, Claimant]) -> tuple:
    """(start, end, text, claimant, kind, check_worthiness, check_worthiness_model, extractor) of an
    extracted claim as stored."""
    return (item.start, item.end, item.text,
            claimants.get(item.claimant.strip().lower()) if item.claimant else None,
            item.kind if item.kind in _KINDS else ClaimKind.OTHER,
            min(1.0, max(0.0, float(item.check_worthiness))), item.scored_by, item.extractor)


def claims_from_extraction(article: Article, extracted: Iterable["extraction.ExtractedClaim"],
                           claimants: dict[str, Claimant] | None = None) -> list[Claim]:
    """Unsaved Claim rows for extractor output, with their claimants resolved to rows."""
    extracted = list(extracted)
    if claimants is None:
        claimants = claimants_by_name(item.claimant for item in extracted)
    fields = ("start", "end", "text", "claimant", "kind", "check_worthiness", "check_worthiness_model", "extractor")
    now = timezone.now()
    return [Claim(article=article, check_worthiness_scored_at=now, **dict(zip(fields, _claim_values(item, claimants))))
            for item in extracted]


# The columns a new machine claim sets; the others are NULL until review (rating, verdict, assignee).
_CLAIM_COPY_COLUMNS = ("article_id", "start", "end", "text", "claimant_id", "kind", "check_worthiness",
                       "check_worthiness_model", "extractor", "edited_by_hand", "status", "version",
                       "check_worthiness_scored_at", "created_at", "updated_at")
_COPY_NULL = "\\N"


def _copy_text(value: str) -> str:
    # str.replace is several times faster than str.translate here; most values need none of them.
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_claims(article_claims: list[tuple[int, list]], claimants: dict[str, Claimant], now: datetime) -> None:
    """COPY new machine claims in (text format): the fastest way in, with every trigger and check still
    applied to each row. `article_claims` is (article id, extracted claims) per article."""
    # The same for every row of a batch, escaped once.
    tail = f"\tf\t{ClaimStatus.UNREVIEWED.value}\t1\t{now.isoformat()}\t{now.isoformat()}\t{now.isoformat()}\n"
    lines = []
    for article_id, extracted in article_claims:
        for item in extracted:
            start, end, text, claimant, kind, check_worthiness, model, extractor = _claim_values(item, claimants)
            lines.append(f"{article_id}\t{start}\t{end}\t{_copy_text(text)}\t"
                         f"{claimant.pk if claimant else _COPY_NULL}\t{kind}\t{check_worthiness!r}\t"
                         f"{_copy_text(model)}\t{_copy_text(extractor)}{tail}")
    if not lines:
        return
    columns = ", ".join(connection.ops.quote_name(column) for column in _CLAIM_COPY_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:  # psycopg2's errors as Django's
        cursor.cursor.copy_expert(f"COPY {Claim._meta.db_table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))


@dataclass(frozen=True)
class NewArticle:
    """A clean article, analysed, with the metadata that is not part of its content."""

    clean: CleanArticle
    analysis: ArticleAnalysis
    source: str | None = None
    published_at: datetime | None = None


_ARTICLE_COLUMNS = ("title", "body", "url", "source", "language", "title_language", "published_at",
                    "content_hash", "created_at", "updated_at")


@transaction.atomic
def articles_store(new: list[NewArticle]) -> list[IngestResult]:
    """Store articles and their claims: sources, claimants, articles and claims in one statement each.

    An article whose content hash is stored already (a concurrent loader was first) is not written
    again: its result is the stored article, not created. Database invariants (span trigger, unique
    keys, checks) apply to every row; a violation raises and the transaction rolls back whole.
    """
    if not new:
        return []
    sources = _rows_by_name(Source, (item.source for item in new))
    now = timezone.now()
    rows = []
    for item in new:
        source = sources.get((item.source or "").strip().lower())
        rows.append((item.clean.title, item.clean.body, item.clean.url, source.pk if source else None,
                     item.analysis.language, item.analysis.title_language, item.published_at,
                     item.clean.digest, now, now))
    columns = ", ".join(connection.ops.quote_name(Article._meta.get_field(name).column) for name in _ARTICLE_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # ON CONFLICT on the natural key only: another article's URL is still an error, not a skip.
        inserted = execute_values(
            cursor.cursor,
            f"INSERT INTO {Article._meta.db_table} ({columns}) VALUES %s "
            "ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash",
            rows, page_size=len(rows), fetch=True,
        )
    ids = dict((digest, pk) for pk, digest in inserted)
    stored_before = {article.content_hash: article for article in
                     Article.objects.filter(content_hash__in=[i.clean.digest for i in new if i.clean.digest not in ids])}
    claimants = claimants_by_name(claim.claimant for item in new if item.clean.digest in ids
                                  for claim in item.analysis.claims)
    results, article_claims = [], []
    for item, row in zip(new, rows):
        digest = item.clean.digest
        if digest not in ids:
            results.append(IngestResult(stored_before[digest], created=False, claims_created=0))
            continue
        article = Article(id=ids.pop(digest), **dict(zip(_ARTICLE_COLUMNS, row), source=sources.get(
            (item.source or "").strip().lower())))
        article._state.adding, article._state.db = False, connection.alias
        article_claims.append((article.pk, item.analysis.claims))
        results.append(IngestResult(article, created=True, claims_created=len(item.analysis.claims)))
    _copy_claims(article_claims, claimants, now)
    with_claims = [article_id for article_id, claims in article_claims if claims]
    events_record_extracted(article_ids=with_claims)
    rescore_after_commit(with_claims)
    matches_after_commit(article_ids=with_claims)
    return results


def article_ingest(*, title: str, body: str, url: str | None = None, source: str | None = None,
                   published_at: datetime | None = None, language: str | None = None) -> IngestResult:
    """Store one article and its extracted claims, once: a known content hash writes nothing.

    Raises ValidationError with field errors for input that cannot be stored, AnalysisError when
    extraction fails on it.
    """
    clean = article_clean(title=title, body=body, url=url, language=language)
    existing = Article.objects.filter(content_hash=clean.digest).first()
    if existing is not None:
        return IngestResult(existing, created=False, claims_created=0)
    if clean.url and (holder := Article.objects.filter(url=clean.url).only("id").first()):
        raise ValidationError({"url": IngestMessage.URL_TAKEN.format(id=holder.pk)})
    analysis = article_analyse_safely(clean)
    if isinstance(analysis, AnalysisError):
        raise analysis
    new = NewArticle(clean, analysis, source=source, published_at=published_at)
    return articles_store([new])[0]
