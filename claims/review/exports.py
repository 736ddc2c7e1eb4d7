"""A claim list as CSV: its columns (and who sees which), formula-safe cells, streamed in bounded memory.

Used by the API (`?format=csv`, `Accept: text/csv`) and the admin's export action alike. Rows are read
through one server-side cursor (`iterator(chunk_size=...)` over `values_list`), so memory stays at
one chunk of tuples and one batch of lines, whatever the size of the list.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CHUNK_ROWS = 2000  # rows per fetch from the server-side cursor
LINES_PER_WRITE = 500  # lines joined into one chunk of the response
# OWASP "CSV injection": a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    lookup: str  # a values_list lookup on Claim
    staff_only: bool = False


CLAIM_CSV_COLUMNS = (
    Column("id", "id"),
    Column("article_id", "article_id"),
    Column("article_title", "article__title"),
    Column("article_url", "article__url"),
    Column("article_published_at", "article__published_at"),
    Column("source", "article__source__name"),
    Column("start", "start"),
    Column("end", "end"),
    Column("text", "text"),
    Column("claimant", "claimant__name"),
    Column("kind", "kind"),
    Column("check_worthiness", "check_worthiness"),
    Column("check_worthiness_model", "check_worthiness_model"),
    Column("status", "status"),
    Column("rating", "rating"),
    Column("assigned_to", "assigned_to__username", staff_only=True),
    Column("first_published_at", "first_published_at"),
    Column("created_at", "created_at"),
    Column("updated_at", "updated_at"),
    Column("already_checked", "already_checked"),  # the annotation (claims.models.already_checked)
)


def claim_csv_columns(*, reads_all: bool) -> tuple[Column, ...]:
    """The columns a reader sees: newsroom staff also see who a claim is assigned to."""
    return tuple(column for column in CLAIM_CSV_COLUMNS if reads_all or not column.staff_only)


def csv_cell(value) -> str:
    """A value as the JSON list spells it (ISO 8601 in UTC with Z, true/false, empty for null),
    with formula-like text prefixed by a single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        text = timezone.localtime(value, datetime.UTC).isoformat()
        return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


class _Lines:
    """csv.writer's file: hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def claims_csv_lines(claims: QuerySet, *, reads_all: bool) -> Iterator[bytes]:
    """The CSV of `claims` (a Claim queryset, filtered and ordered), header first, in UTF-8 chunks."""
    columns = claim_csv_columns(reads_all=reads_all)
    writer = csv.writer(_Lines(), lineterminator="\r\n")
    yield writer.writerow([column.header for column in columns]).encode()
    rows = claims.values_list(*(column.lookup for column in columns)).iterator(chunk_size=CHUNK_ROWS)
    yield from _batched(writer, rows)


def _batched(writer, rows: Iterable[tuple]) -> Iterator[bytes]:
    lines = []
    for row in rows:
        lines.append(writer.writerow([csv_cell(value) for value in row]))
        if len(lines) >= LINES_PER_WRITE:
            yield "".join(lines).encode()
            lines.clear()
    if lines:
        yield "".join(lines).encode()


def csv_filename(now: datetime.datetime | None = None) -> str:
    """claims-<UTC timestamp>.csv, e.g. claims-20250101T120000Z.csv"""
    moment = timezone.localtime(now or timezone.now(), datetime.UTC)
    return f"claims-{moment:%Y%m%dT%H%M%SZ}.csv"


def claims_csv_response(claims: QuerySet, *, reads_all: bool) -> StreamingHttpResponse:
    """A download of `claims` as CSV, streamed."""
    response = StreamingHttpResponse(claims_csv_lines(claims, reads_all=reads_all), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_filename()}"'
    return response
