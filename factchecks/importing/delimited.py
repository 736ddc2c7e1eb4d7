"""Delimited files (TSV, CSV) of fact-checks through a column mapping, read row by row.

A mapping names, for each field of a Review, a column (a 1-based number, or a header name when the
file has a header) or a literal value (`=PolitiFact`). Built in: LIAR's TSV (no header; columns in
its README-upstream) and the Snopes claim-retrieval `verified_claims.docs.tsv` (vclaim_id, vclaim,
title). A row without a URL is keyed by its dataset id (`liar:2635.json`), or by its claim's text.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass, field
from typing import IO, Iterator

from claimtracker.numbers import ascii_digits
from factchecks.importing.claimreview import (
    CLAIMANT_MAX_LENGTH, PUBLISHER_NAME_MAX_LENGTH, ItemProblem, Review, _text, clean, language_code, moment, review_url,
    _site,
)
from factchecks.models import KEY_MAX_LENGTH, LABEL_MAX_LENGTH

FIELDS = ("key", "url", "claim_reviewed", "claimant", "claim_date", "review_date", "textual_rating", "title",
          "language", "publisher", "site")

UNKNOWN_FIELD = "unknown field {field!r}; the fields are " + ", ".join(FIELDS)
NO_COLUMN = "no column {column!r} in the header"
BAD_SPEC = "a column mapping is field=column, e.g. claim_reviewed=3,textual_rating=2 or site==politifact.com; not {spec!r}"
NEEDS_CLAIM = "the column mapping must name claim_reviewed"
NEEDS_SITE = "the column mapping must name url, or site (a literal like site==politifact.com)"
ROW_TOO_SHORT = "{found} columns, column {column} expected"
BAD_ROW_URL = "no site: the row has no URL and the mapping no site"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class ColumnMapping:
    """Where each field comes from: a column index (0-based), a header name, or a literal."""

    source: str
    columns: dict[str, int | str] = field(default_factory=dict)
    literals: dict[str, str] = field(default_factory=dict)
    header: bool = False
    delimiter: str = "\t"
    quoting: int = csv.QUOTE_NONE
    claimant_from_slug: bool = False

    @classmethod
    def parse(cls, spec: str, *, source: str = "tsv", delimiter: str = "\t") -> "ColumnMapping":
        """`claim_reviewed=3,textual_rating=2,site==politifact.com`, or with header names."""
        columns, literals = {}, {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, equals, value = part.partition("=")
            name = name.strip()
            if not equals or not value:
                raise ValueError(BAD_SPEC.format(spec=part))
            if name not in FIELDS:
                raise ValueError(UNKNOWN_FIELD.format(field=name))
            if value.startswith("="):
                literals[name] = value[1:]
            elif ascii_digits(value) and int(value) >= 1:
                columns[name] = int(value) - 1
            else:
                columns[name] = value
        if "claim_reviewed" not in columns:
            raise ValueError(NEEDS_CLAIM)
        if "url" not in columns and "site" not in columns and "site" not in literals:
            raise ValueError(NEEDS_SITE)
        header = any(isinstance(c, str) for c in columns.values())
        quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
        return cls(source=source, columns=columns, literals=literals, header=header, delimiter=delimiter,
                   quoting=quoting)


# LIAR (Wang, ACL 2017): id, label, statement, subjects, speaker (a slug), job, state, party, 5 counts, context.
LIAR = ColumnMapping(
    source="liar",
    columns={"key": 0, "textual_rating": 1, "claim_reviewed": 2, "claimant": 4},
    literals={"publisher": "PolitiFact", "site": "politifact.com", "language": "en"},
    claimant_from_slug=True,
)
LIAR_LABELS = {"pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"}

# CLEF 2020 CheckThat! Task 2: vclaim_id, vclaim, title (a header; its first name is empty upstream).
# Unlike LIAR it quotes fields as CSV does (a claim may run over two lines inside quotes).
SNOPES = ColumnMapping(
    source="snopes-claim-retrieval",
    columns={"key": 0, "claim_reviewed": 1, "title": 2},
    literals={"publisher": "Snopes", "site": "snopes.com", "language": "en"},
    header=True,
    quoting=csv.QUOTE_MINIMAL,
)


def _claimant(value: str, from_slug: bool) -> str:
    if from_slug and value and " " not in value:
        value = " ".join(word.capitalize() for word in value.replace("_", "-").split("-") if word)
    return _text(value, CLAIMANT_MAX_LENGTH)


def delimited_rows(handle: IO[str], mapping: ColumnMapping) -> Iterator[tuple[str, Review | ItemProblem]]:
    """(line number, Review or problem) of each row. ValueError when a header lacks a named column."""
    reader = csv.reader(handle, delimiter=mapping.delimiter, quoting=mapping.quoting, strict=False)
    columns = dict(mapping.columns)
    if mapping.header:
        header = next(reader, None) or []
        names = [name.strip().lstrip("\ufeff") for name in header]
        for name, column in list(columns.items()):
            if isinstance(column, str):
                if column not in names:
                    raise ValueError(NO_COLUMN.format(column=column))
                columns[name] = names.index(column)
    needed = max(columns.values()) + 1
    for row in reader:
        line = str(reader.line_num)
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < needed:
            yield line, ItemProblem(ROW_TOO_SHORT.format(found=len(row), column=needed))
            continue
        try:
            yield line, _review(row, columns, mapping)
        except ItemProblem as problem:
            yield line, problem


def _review(row: list[str], columns: dict[str, int], mapping: ColumnMapping) -> Review:
    def get(name: str) -> str:
        if name in columns:
            return clean(row[columns[name]]).strip()
        return clean(mapping.literals.get(name, ""))

    claim = _text(get("claim_reviewed"))
    if not claim:
        raise ItemProblem("no claim (claim_reviewed is empty)")
    raw_url = get("url")
    url = review_url(raw_url) if raw_url else ""
    site = (get("site").lower().removeprefix("www.") or _site(url))[:255]
    if not site:
        raise ItemProblem(BAD_ROW_URL)
    own_key = get("key")
    if url:
        key = url
    elif own_key:
        key = f"{mapping.source}:{own_key}"
    else:
        key = f"{mapping.source}:sha1:{hashlib.sha1(claim.encode('utf-8')).hexdigest()}"
    return Review(
        key=key[:KEY_MAX_LENGTH],
        url=url,
        publisher_name=_text(get("publisher"), PUBLISHER_NAME_MAX_LENGTH) or site,
        publisher_site=site,
        claim_reviewed=claim,
        source=mapping.source,
        title=_text(get("title")),
        claimant=_claimant(get("claimant"), mapping.claimant_from_slug),
        claim_date=moment(get("claim_date")),
        review_date=moment(get("review_date")),
        textual_rating=_text(get("textual_rating"), LABEL_MAX_LENGTH),
        language=language_code(get("language")),
    )
