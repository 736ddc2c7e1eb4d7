"""Quotations in news text: straight, curly double and single quotes, with apostrophes told apart.

Two straight apostrophes ('') are one double quote mark, opening or closing, and `` opens one: the
New York Times' archive and Penn Treebank-style text write quotations so (''It is over,'' he said).
"""

from __future__ import annotations

import re

_QUOTE_CHARACTER = re.compile(r"''|``|[\"“”‘’'«»]|\n\s*\n")
_BOUNDARY_BEFORE = set(" \t\r\n([{—–-:;,/“‘\"'«")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation, quote marks included; a quotation open at a paragraph end closes there."""
    spans: list[tuple[int, int]] = []
    open_double: int | None = None
    open_single: int | None = None
    size = len(text)
    for match in _QUOTE_CHARACTER.finditer(text):
        position = match.start()
        mark = match.group(0)
        if mark[0] == "\n":
            for opened in (open_double, open_single):
                if opened is not None:
                    spans.append((opened, position))
            open_double = open_single = None
            continue
        before = text[position - 1] if position else " "
        after = text[position + 1] if position + 1 < size else " "
        opens_here = before in _BOUNDARY_BEFORE and not after.isspace()
        if mark == "“" and open_double is not None and not before.isspace() and (after.isspace() or after in ",.;:!?)"):
            spans.append((open_double, position + 1))  # “It's unusual,“ said X: a misprinted closing mark
            open_double = None
        elif mark in "“«":
            open_double = position if open_double is None else open_double
        elif mark in "”»":
            if open_double is not None:
                spans.append((open_double, position + 1))
                open_double = None
        elif mark in ('"', "''", "``"):
            if open_double is None:
                open_double = position
            elif mark != "``":
                spans.append((open_double, position + len(mark)))
                open_double = None
        elif mark == "‘" or (mark == "'" and opens_here and open_single is None):
            if opens_here or mark == "‘":
                open_single = position if open_single is None else open_single
        else:  # ’ or a straight ' that does not open: apostrophe unless it closes an open single quote
            if before.isalnum() and after.isalnum():
                continue
            if open_single is not None and not before.isspace():
                spans.append((open_single, position + 1))
                open_single = None
    for opened in (open_double, open_single):
        if opened is not None:
            spans.append((opened, size))
    spans.sort()
    return spans
