"""Importing published fact-checks (issue 16): files and posted documents to FactChecks.

    file or posted document ──> reading (claimreview, jsonstream, html, delimited): (position, Review | problem)
                            ──> store.FactCheckWriter: batches, ON CONFLICT (key) DO NOTHING, a report
                            ──> factchecks_index(new ids): matching.index_factchecks, then the stale
                                matches of claims are recomputed in the background
                                (claims.review.matches.matches_refresh_soon)

The command (`import_factchecks`) and the API (`POST /api/factchecks/import/`) are thin adapters on
`factchecks_import_files` and `factchecks_import_items`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterator

from factchecks.importing.claimreview import ItemProblem, Review, reviews_in
from factchecks.importing.delimited import LIAR, LIAR_LABELS, SNOPES, ColumnMapping, delimited_rows
from factchecks.importing.html import html_reviews
from factchecks.importing.jsonstream import JSONSyntax, json_items, json_lines
from factchecks.importing.store import ImportReport, FactCheckWriter

FORMATS = ("auto", "claimreview", "html", "liar", "snopes", "tsv")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonld"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
DELIMITED_SUFFIXES = {".tsv", ".csv", ".txt"}
MAX_HTML_CHARS = 32 << 20

UNKNOWN_FORMAT = ("cannot tell its format: give --format (claimreview, html, liar, snopes) "
                  "or --format tsv --columns ...")
NEEDS_COLUMNS = "--format tsv needs --columns (e.g. claim_reviewed=3,textual_rating=2,site==politifact.com)"
HTML_TOO_LARGE = f"an HTML page longer than {MAX_HTML_CHARS} characters"


class FileUnreadable(Exception):
    """A file that cannot be read at all (missing, not a known format, not JSON from its start)."""


def _open(path: Path):
    return path.open(encoding="utf-8-sig", errors="replace", newline="")


def _first_line(path: Path) -> str:
    with _open(path) as handle:
        return handle.readline(1 << 16)


def detect_format(path: Path, columns: str | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES | JSON_LINES_SUFFIXES:
        return "claimreview"
    line = _first_line(path)
    cells = line.rstrip("\r\n").split("\t")
    if [c.strip().lower() for c in cells[1:3]] == ["vclaim", "title"]:
        return "snopes"
    if len(cells) == 14 and cells[1] in LIAR_LABELS:
        return "liar"
    if columns:
        return "tsv"
    start = line.lstrip()[:1]
    if start == "<":
        return "html"
    if start in ("{", "["):
        return "claimreview"
    raise FileUnreadable(UNKNOWN_FORMAT)


def _is_json_lines(path: Path) -> bool:
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        return True
    with _open(path) as handle:
        first = handle.readline(1 << 20)
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            return False
        return any(line.strip() for line in handle)


def _json_reviews(path: Path, source: str) -> Iterator[tuple[str, Review | ItemProblem]]:
    lines = _is_json_lines(path)
    with _open(path) as handle:
        if lines:
            for line, document in json_lines(handle):
                if isinstance(document, JSONSyntax):
                    yield line, ItemProblem(str(document))
                    continue
                for position, item in reviews_in(document, "$", source=source):
                    yield (line if position == "$" else f"{line}:{position}"), item
            return
        items = json_items(handle)
        started = False
        while True:
            try:
                position, document = next(items)
            except StopIteration:
                return
            except JSONSyntax as error:
                if not started:
                    raise FileUnreadable(str(error)) from None
                yield error.position, ItemProblem(f"{error}; the rest of the file is not read")
                return
            started = True
            yield from reviews_in(document, position, source=source, in_graph=position.startswith("@graph"))


def _html_reviews(path: Path, source: str) -> Iterator[tuple[str, Review | ItemProblem]]:
    with _open(path) as handle:
        text = handle.read(MAX_HTML_CHARS + 1)
    if len(text) > MAX_HTML_CHARS:
        raise FileUnreadable(HTML_TOO_LARGE)
    yield from html_reviews(text, source=source)


def _delimited_reviews(path: Path, mapping: ColumnMapping) -> Iterator[tuple[str, Review | ItemProblem]]:
    with _open(path) as handle:
        try:
            rows = delimited_rows(handle, mapping)
            first = next(rows, None)
        except ValueError as error:
            raise FileUnreadable(str(error)) from None
        if first is not None:
            yield first
            yield from rows


def file_reviews(path: Path, *, format: str = "auto", columns: str | None = None,
                 source: str | None = None) -> Iterator[tuple[str, Review | ItemProblem]]:
    """(position, Review or problem) of every item of a file; FileUnreadable when it cannot be read at all
    (raised before any item is given)."""
    if not path.is_file():
        raise FileUnreadable("no such file")
    try:
        kind = detect_format(path, columns) if format == "auto" else format
    except OSError as error:
        raise FileUnreadable(error.strerror or str(error)) from None
    if kind == "claimreview":
        items = _json_reviews(path, source or "claimreview")
    elif kind == "html":
        items = _html_reviews(path, source or "claimreview")
    elif kind == "liar":
        items = _delimited_reviews(path, LIAR)
    elif kind == "snopes":
        items = _delimited_reviews(path, SNOPES)
    elif kind == "tsv":
        if not columns:
            raise FileUnreadable(NEEDS_COLUMNS)
        delimiter = "," if path.suffix.lower() == ".csv" else "\t"
        try:
            mapping = ColumnMapping.parse(columns, source=source or "tsv", delimiter=delimiter)
        except ValueError as error:
            raise FileUnreadable(str(error)) from None
        items = _delimited_reviews(path, mapping)
    else:
        raise FileUnreadable(UNKNOWN_FORMAT)
    # Fail before the first item for what cannot be read at all (not JSON, a header without a column).
    try:
        first = next(items, None)
    except OSError as error:
        raise FileUnreadable(error.strerror or str(error)) from None
    if first is None:
        return iter(())
    return _chain(first, items)


def _chain(first, rest):
    yield first
    yield from rest


def factchecks_index(ids: list[int]) -> int:
    """Makes newly imported fact-checks findable by the matcher (their vectors, in batches); the claims
    whose matches they made stale are then matched again in the background. Returns how many were indexed."""
    if not ids:
        return 0
    import matching
    from claims.review.matches import matches_refresh_soon

    indexed = matching.index_factchecks(ids)
    matches_refresh_soon()
    return indexed


def factchecks_import_files(paths: list[Path], *, format: str = "auto", columns: str | None = None,
                            source: str | None = None, batch_size: int | None = None,
                            progress: Callable[[ImportReport], None] | None = None, every: int = 10_000,
                            index: bool = True) -> tuple[list[ImportReport], dict[str, str]]:
    """Imports each file; (reports of the files read, {path: why} of those that could not be read)."""
    writer = FactCheckWriter(**({"batch_size": batch_size} if batch_size else {}))
    reports, unreadable = [], {}
    for path in paths:
        try:
            items = file_reviews(Path(path), format=format, columns=columns, source=source)
        except FileUnreadable as error:
            unreadable[str(path)] = str(error)
            continue
        reports.append(writer.write(items, ImportReport(path=str(path)), progress=progress, every=every))
    if index:
        factchecks_index([i for report in reports for i in report.new_ids])
    return reports, unreadable


def document_reviews(document, *, source: str = "claimreview") -> Iterator[tuple[str, Review | ItemProblem]]:
    """(position, Review or problem) of a decoded ClaimReview document: object, list, @graph, DataFeed."""
    return reviews_in(document, "$", source=source)


def factchecks_import_items(items, *, label: str = "request", index: bool = True) -> ImportReport:
    """Imports the items of one posted document (ClaimReview JSON or an HTML page)."""
    report = FactCheckWriter().write(items, ImportReport(path=label))
    if index:
        factchecks_index(report.new_ids)
    return report


__all__ = ["FORMATS", "FileUnreadable", "ImportReport", "ItemProblem", "Review", "document_reviews", "detect_format",
           "factchecks_import_files", "factchecks_import_items", "factchecks_index", "file_reviews",
           "html_reviews"]
