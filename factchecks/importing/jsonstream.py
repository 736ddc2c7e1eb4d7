"""Large JSON files read a piece at a time, in bounded memory.

A top-level array is read element by element; a top-level object's `dataFeedElement` or `@graph`
array likewise (a DataFeed of 100,000 reviews is never one Python object); other members are small
and decoded whole. JSON Lines (one document a line) is read line by line. One element may be at most
`MAX_ITEM_CHARS` long. After a syntax error the rest of a JSON file cannot be found again: the error
is reported at its position and reading stops (JSON Lines go on at the next line).
"""

from __future__ import annotations

import json
from typing import IO, Iterator

CHUNK_CHARS = 1 << 20
MAX_ITEM_CHARS = 64 << 20
STREAMED_MEMBERS = ("dataFeedElement", "@graph")
_WHITESPACE = " \t\r\n"

ITEM_TOO_LARGE = f"an item longer than {MAX_ITEM_CHARS} characters, or malformed JSON"
NOT_JSON = "not JSON: {error}"
EXTRA_DATA = "more data after the JSON document"


class JSONSyntax(ValueError):
    """The file is not JSON from this point on; `position` says where."""

    def __init__(self, message: str, position: str):
        super().__init__(message)
        self.position = position


class _Reader:
    def __init__(self, handle: IO[str]):
        self.handle, self.buf, self.pos, self.eof = handle, "", 0, False
        self.decoder = json.JSONDecoder()

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(max(CHUNK_CHARS, len(self.buf) - self.pos))
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        if not chunk:
            self.eof = True
        return bool(chunk)

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def take(self, char: str, position: str) -> None:
        if self.peek() != char:
            found = self.peek() or "the end of the file"
            raise JSONSyntax(NOT_JSON.format(error=f"expected {char!r}, found {found!r}"), position)
        self.pos += 1

    def value(self, position: str):
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                if self.eof:
                    raise JSONSyntax(NOT_JSON.format(error=error.msg), position) from None
                value, end = None, None
            except RecursionError:
                raise JSONSyntax(NOT_JSON.format(error="nested too deeply"), position) from None
            # A value that ends at the buffer's end may go on (a number, or the next chunk).
            if end is not None and (end < len(self.buf) or self.eof):
                self.pos = end
                return value
            if len(self.buf) - self.pos > MAX_ITEM_CHARS:
                raise JSONSyntax(ITEM_TOO_LARGE, position)
            self.fill()


def json_items(handle: IO[str]) -> Iterator[tuple[str, object]]:
    """(position, decoded value) of a JSON document: each element of a top-level array (`[3]`), each
    element of a top-level object's streamed members (`dataFeedElement[3]`), and the rest of a
    top-level object as one value (`$`) when it holds anything besides `@context`. JSONSyntax
    stops it."""
    reader = _Reader(handle)
    first = reader.peek()
    if first == "[":
        yield from _array(reader, "")
    elif first == "{":
        reader.pos += 1
        rest: dict = {}
        streamed = False
        if reader.peek() == "}":
            reader.pos += 1
        else:
            while True:
                key = reader.value("$")
                if not isinstance(key, str):
                    raise JSONSyntax(NOT_JSON.format(error="expected a member name"), "$")
                reader.take(":", "$")
                if key in STREAMED_MEMBERS and reader.peek() == "[":
                    streamed = True
                    yield from _array(reader, key)
                else:
                    rest[key] = reader.value(f"{key}")
                if reader.peek() == ",":
                    reader.pos += 1
                    continue
                reader.take("}", "$")
                break
        if not streamed or set(rest) - {"@context", "@type", "@id", "name", "url", "dateModified",
                                         "description", "license", "provider", "publisher"}:
            yield "$", rest
    else:
        found = first or "an empty file"
        raise JSONSyntax(NOT_JSON.format(error=f"expected an object or a list, found {found!r}"), "$")
    if reader.peek():
        raise JSONSyntax(EXTRA_DATA, "$")


def _array(reader: _Reader, name: str) -> Iterator[tuple[str, object]]:
    reader.take("[", name or "$")
    if reader.peek() == "]":
        reader.pos += 1
        return
    index = 0
    while True:
        position = f"{name}[{index}]"
        yield position, reader.value(position)
        index += 1
        if reader.peek() == ",":
            reader.pos += 1
            continue
        reader.take("]", f"{name}[{index}]")
        return


def json_lines(handle: IO[str]) -> Iterator[tuple[str, object | JSONSyntax]]:
    """(line number, decoded value or the line's syntax error) of JSON Lines; blank lines skipped."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield str(number), json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            yield str(number), JSONSyntax(NOT_JSON.format(error=getattr(error, "msg", "nested too deeply")), str(number))
