"""Reading article seed files: .txt, .json and .jsonl, with errors that name the file and line.

Files are read as a stream: a .jsonl or .json export of tens of thousands of articles is never held
in memory whole. The size limit is per article, not per file. Nothing here writes to the database.
"""

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from django.utils.dateparse import parse_date, parse_datetime

from claims.errors import SeedFileError, SeedFileMessage
from claims.ingest.articles import moment_in_utc


SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl")
TOO_DEEP = "nested too deeply"
OPTIONAL_FIELDS = ("url", "source", "published_at", "language")
BLOCK_BYTES = 1 << 20  # read this much at a time


def max_record_chars(max_bytes: int) -> int:
    """The longest JSON text one article can take: every character of it escaped (\\uXXXX), plus metadata."""
    return 6 * max_bytes + 65536


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
            raise SeedFileError(path, None, SeedFileMessage.MISSING)
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


def read_seed_file(path: Path, *, max_bytes: int) -> Iterator[SeedArticle]:
    """The articles of one file, read as a stream; SeedFileError (raised while iterating) for the
    first problem, after the articles before it have been yielded."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SeedFileError(path, None, SeedFileMessage.UNSUPPORTED)
    if suffix == ".txt":
        # A .txt file is one article, so the article's limit is the file's.
        size = path.stat().st_size
        if size > max_bytes:
            raise SeedFileError(path, None, SeedFileMessage.TOO_LARGE.format(size=size, limit=max_bytes))
        yield _read_txt(path, "".join(_TextStream(path).blocks()))
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, max_record_chars(max_bytes), max_bytes)
    else:
        yield from _read_json(path, max_record_chars(max_bytes), max_bytes)


class _TextStream:
    """A file's text in blocks, decoded as UTF-8 (a leading BOM dropped), with a NUL byte or bad
    UTF-8 reported at its line and column."""

    def __init__(self, path: Path):
        self.path = path

    def blocks(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines_before, consumed, last_newline, first = 0, 0, -1, True
        with self.path.open("rb") as handle:
            while True:
                data = handle.read(BLOCK_BYTES)
                if (nul := data.find(b"\x00")) >= 0:
                    raise SeedFileError(self.path, lines_before + data.count(b"\n", 0, nul) + 1,
                                        SeedFileMessage.NUL_BYTE)
                try:
                    text = decoder.decode(data, final=not data)
                except UnicodeDecodeError as error:
                    # error.object is the decoder's few pending bytes (never a newline) then this block.
                    at = max(error.start - (len(error.object) - len(data)), 0)
                    newline = data.rfind(b"\n", 0, at)
                    column = at - newline if newline >= 0 else consumed + at - last_newline
                    raise SeedFileError(
                        self.path, lines_before + data.count(b"\n", 0, at) + 1,
                        SeedFileMessage.NOT_UTF8.format(byte=error.object[error.start], column=column),
                    ) from None
                if first and text:
                    text, first = text.removeprefix("\ufeff"), False
                if text:
                    yield text
                if not data:
                    return
                if (newline := data.rfind(b"\n")) >= 0:
                    last_newline = consumed + newline
                lines_before += data.count(b"\n")
                consumed += len(data)


def _read_txt(path: Path, text: str) -> SeedArticle:
    # The first non-empty line is the title; everything after it is the body.
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.strip():
            title, body = line.strip(), "".join(lines[index + 1:]).strip()
            if not body:
                raise SeedFileError(path, index + 1, SeedFileMessage.NO_BODY.format(title=title[:80]))
            return SeedArticle(path=path, line=index + 1, title=title, body=body)
    raise SeedFileError(path, 1, SeedFileMessage.EMPTY)


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def _article_from_object(path: Path, line: int, value) -> SeedArticle:
    if not isinstance(value, dict):
        raise SeedFileError(path, line, SeedFileMessage.NOT_OBJECT.format(kind=_kind(value)))
    fields = {}
    for field in ("title", "body", *OPTIONAL_FIELDS):
        item = value.get(field)
        if item is None or (field in OPTIONAL_FIELDS and item == ""):
            if field in ("title", "body"):
                raise SeedFileError(path, line, SeedFileMessage.FIELD_MISSING.format(field=field))
            continue
        if not isinstance(item, str):
            raise SeedFileError(path, line, SeedFileMessage.FIELD_NOT_TEXT.format(field=field, kind=_kind(item)))
        if field in ("title", "body") and not item.strip():
            raise SeedFileError(path, line, SeedFileMessage.FIELD_MISSING.format(field=field))
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
        raise SeedFileError(path, line, SeedFileMessage.BAD_DATE.format(value=value))
    try:
        return moment_in_utc(moment)
    except ValueError as error:
        raise SeedFileError(path, line, f"published_at {value!r}: {error}") from None


def _json_value(path: Path, line: int, text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SeedFileError(path, line + error.lineno - 1, SeedFileMessage.INVALID_JSON.format(reason=error.msg)) from None
    except RecursionError:  # nested too deeply for the decoder: bad input, not a crash
        raise SeedFileError(path, line, SeedFileMessage.INVALID_JSON.format(reason=TOO_DEEP)) from None


def _read_jsonl(path: Path, limit: int, max_bytes: int) -> Iterator[SeedArticle]:
    number, partial, found = 0, "", False
    for block in _TextStream(path).blocks():
        lines = (partial + block).split("\n")
        partial = lines.pop()
        if len(partial) > limit:
            raise SeedFileError(path, number + len(lines) + 1,
                                SeedFileMessage.RECORD_TOO_LARGE.format(limit=limit, bytes=max_bytes))
        for line in lines:
            number += 1
            if line.strip():
                found = True
                yield _jsonl_article(path, number, line, limit, max_bytes)
    if partial.strip():
        found = True
        yield _jsonl_article(path, number + 1, partial, limit, max_bytes)
    if not found:
        raise SeedFileError(path, 1, SeedFileMessage.EMPTY)


def _jsonl_article(path: Path, number: int, line: str, limit: int, max_bytes: int) -> SeedArticle:
    if len(line) > limit:
        raise SeedFileError(path, number, SeedFileMessage.RECORD_TOO_LARGE.format(limit=limit, bytes=max_bytes))
    return _article_from_object(path, number, _json_value(path, number, line))


class _JsonCursor:
    """A position in a streamed JSON document: the text still buffered, and its line number."""

    def __init__(self, path: Path, limit: int, max_bytes: int):
        self.path, self.limit, self.max_bytes = path, limit, max_bytes
        self.blocks = _TextStream(path).blocks()
        self.text, self.position, self.line, self.ended = "", 0, 1, False

    def more(self) -> bool:
        """Read another block; False at the end of the file."""
        if self.ended:
            return False
        block = next(self.blocks, None)
        if block is None:
            self.ended = True
            return False
        # Drop what has been consumed, keeping the line count.
        self.line += self.text.count("\n", 0, self.position)
        self.text, self.position = self.text[self.position:] + block, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), without consuming it."""
        while True:
            while self.position < len(self.text) and self.text[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.text):
                return self.text[self.position]
            if not self.more():
                return ""

    def take(self) -> str:
        character = self.peek()
        self.position += len(character)
        return character

    def line_here(self) -> int:
        return self.line + self.text.count("\n", 0, self.position)

    def value(self):
        """Decode the JSON value that starts here, reading on until it is complete."""
        self.peek()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.position)
            except json.JSONDecodeError as error:
                if len(self.text) - self.position > self.limit:
                    raise SeedFileError(self.path, self.line_here(), SeedFileMessage.RECORD_TOO_LARGE.format(
                        limit=self.limit, bytes=self.max_bytes)) from None
                # An error at the end of the buffer, or a string still open, may just be a cut.
                cut = error.pos >= len(self.text) - 8 or error.msg.startswith("Unterminated string")
                if cut and self.more():
                    continue
                raise SeedFileError(self.path, self.line + self.text.count("\n", 0, error.pos),
                                    SeedFileMessage.INVALID_JSON.format(reason=error.msg)) from None
            except RecursionError:
                raise SeedFileError(self.path, self.line_here(),
                                    SeedFileMessage.INVALID_JSON.format(reason=TOO_DEEP)) from None
            # A number or word at the end of a block may go on in the next one.
            if end == len(self.text) and not isinstance(value, (dict, list, str)) and self.more():
                continue
            self.position = end
            return value


def _read_json(path: Path, limit: int, max_bytes: int) -> Iterator[SeedArticle]:
    cursor = _JsonCursor(path, limit, max_bytes)
    first = cursor.peek()
    if not first:
        raise SeedFileError(path, 1, SeedFileMessage.EMPTY)
    if first != "[":
        line = cursor.line_here()
        yield _article_from_object(path, line, cursor.value())
    else:
        cursor.take()
        if cursor.peek() == "]":
            cursor.take()
        else:
            while True:
                cursor.peek()
                line = cursor.line_here()
                yield _article_from_object(path, line, cursor.value())
                separator = cursor.take()
                if separator == "]":
                    break
                if separator != ",":
                    raise SeedFileError(path, cursor.line_here(), SeedFileMessage.AFTER_LIST)
    if cursor.peek():
        raise SeedFileError(path, cursor.line_here(), SeedFileMessage.EXTRA_DATA)
