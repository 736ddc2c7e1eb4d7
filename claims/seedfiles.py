"""Reading article seed files: .txt, .json and .jsonl, with errors that name the file and line.

Nothing here writes to the database; `load_seeds` hands the articles to `article_ingest`.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from datetime import timezone as dt_timezone
from pathlib import Path

from django.utils.dateparse import parse_date, parse_datetime

SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl")
TOO_DEEP = "nested too deeply"
OPTIONAL_FIELDS = ("url", "source", "published_at", "language")


class SeedFileError(Exception):
    """A seed file that cannot be loaded: which file, which line, and why."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class SeedProblem:
    """Messages for bad seed files (named so that tests can match them)."""

    MISSING = "no such file or folder"
    UNSUPPORTED = "unsupported file type; use .txt, .json or .jsonl"
    TOO_LARGE = "file is {size} bytes; the limit is {limit} bytes"
    NOT_UTF8 = "not valid UTF-8 text (byte 0x{byte:02x} at column {column})"
    NUL_BYTE = "contains a NUL byte: this is binary data, not text"
    EMPTY = "file is empty"
    NO_BODY = "the title {title!r} has no body after it"
    INVALID_JSON = "invalid JSON: {reason}"
    NOT_OBJECT = "expected a JSON object with title and body, got {kind}"
    FIELD_MISSING = "the article has no {field!r}"
    FIELD_NOT_TEXT = "{field!r} must be a string, got {kind}"
    BAD_DATE = "published_at {value!r} is not an ISO 8601 date or date-time"


@dataclass(frozen=True)
class SeedArticle:
    path: Path
    line: int
    title: str
    body: str
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    language: str | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def seed_paths(paths: list[Path]) -> list[Path]:
    """The files to load, in path order: folders are read recursively, hidden entries skipped."""
    files = []
    for path in paths:
        if not path.exists():
            raise SeedFileError(path, None, SeedProblem.MISSING)
        if path.is_dir():
            files.extend(
                sorted(
                    child for child in path.rglob("*")
                    if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def read_seed_file(path: Path, *, max_bytes: int) -> list[SeedArticle]:
    """All articles in one file, or SeedFileError for the first problem found."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SeedFileError(path, None, SeedProblem.UNSUPPORTED)
    size = path.stat().st_size
    if size > max_bytes:
        raise SeedFileError(path, None, SeedProblem.TOO_LARGE.format(size=size, limit=max_bytes))
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise SeedFileError(path, 1, SeedProblem.EMPTY)
    if suffix == ".txt":
        return [_read_txt(path, text)]
    if suffix == ".jsonl":
        return _read_jsonl(path, text)
    return _read_json(path, text)


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1


def _decode(path: Path, data: bytes) -> str:
    if (nul := data.find(b"\x00")) >= 0:
        raise SeedFileError(path, _line_of(data, nul), SeedProblem.NUL_BYTE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        raise SeedFileError(
            path, _line_of(data, error.start),
            SeedProblem.NOT_UTF8.format(byte=data[error.start], column=error.start - line_start + 1),
        ) from None


def _read_txt(path: Path, text: str) -> SeedArticle:
    # The first non-empty line is the title; everything after it is the body.
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.strip():
            title, body = line.strip(), "".join(lines[index + 1:]).strip()
            if not body:
                raise SeedFileError(path, index + 1, SeedProblem.NO_BODY.format(title=title[:80]))
            return SeedArticle(path=path, line=index + 1, title=title, body=body)
    raise SeedFileError(path, 1, SeedProblem.EMPTY)


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def _article_from_object(path: Path, line: int, value) -> SeedArticle:
    if not isinstance(value, dict):
        raise SeedFileError(path, line, SeedProblem.NOT_OBJECT.format(kind=_kind(value)))
    fields = {}
    for field in ("title", "body", *OPTIONAL_FIELDS):
        item = value.get(field)
        if item is None or (field in OPTIONAL_FIELDS and item == ""):
            if field in ("title", "body"):
                raise SeedFileError(path, line, SeedProblem.FIELD_MISSING.format(field=field))
            continue
        if not isinstance(item, str):
            raise SeedFileError(path, line, SeedProblem.FIELD_NOT_TEXT.format(field=field, kind=_kind(item)))
        if field in ("title", "body") and not item.strip():
            raise SeedFileError(path, line, SeedProblem.FIELD_MISSING.format(field=field))
        fields[field] = item
    if "published_at" in fields:
        fields["published_at"] = _parse_published_at(path, line, fields["published_at"])
    return SeedArticle(path=path, line=line, **fields)


def _parse_published_at(path: Path, line: int, value: str) -> datetime:
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise SeedFileError(path, line, SeedProblem.BAD_DATE.format(value=value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt_timezone.utc)


def _read_jsonl(path: Path, text: str) -> list[SeedArticle]:
    articles = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise SeedFileError(path, number, SeedProblem.INVALID_JSON.format(reason=error.msg)) from None
        except RecursionError:
            raise SeedFileError(path, number, SeedProblem.INVALID_JSON.format(reason=TOO_DEEP)) from None
        articles.append(_article_from_object(path, number, value))
    return articles


def _read_json(path: Path, text: str) -> list[SeedArticle]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise SeedFileError(path, error.lineno, SeedProblem.INVALID_JSON.format(reason=error.msg)) from None
    except RecursionError:  # nested too deeply for the decoder: bad input, not a crash
        raise SeedFileError(path, 1, SeedProblem.INVALID_JSON.format(reason=TOO_DEEP)) from None
    if not isinstance(value, list):
        return [_article_from_object(path, _line_of(text, len(text) - len(text.lstrip())), value)]
    return [_article_from_object(path, line, item) for line, item in zip(_list_item_lines(text), value)]


def _list_item_lines(text: str) -> Iterator[int]:
    """The line on which each item of a top-level JSON list starts (the text is known to be valid)."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    while True:
        while text[position] in " \t\r\n,":
            position += 1
        if text[position] == "]":
            return
        yield _line_of(text, position)
        _, position = decoder.raw_decode(text, position)
