"""Sentence and clause spans of news text, as offsets into the text exactly as given.

A rule-based, single-pass segmenter tuned for news: abbreviations (U.S., Dr., Jan. 5) do not end
sentences, a closing quote after the full stop stays with its sentence (‘... I love Colombia.’ In
interviews ...), paragraphs and short heading lines are hard breaks. syntok 1.4.4 was measured
first: it segments the seed correctly but runs at about 6,000 sentences/s here and grows
quadratically with the number of paragraphs (it pads every paragraph with `offset` spaces), so it
cannot serve a 1 MB body or the speed budget.
"""

from __future__ import annotations

import re

# Longest claim kept as one span; longer runs without sentence punctuation are cut at whitespace.
MAX_SPAN_CHARACTERS = 2000
# A line shorter than this that ends without punctuation is a heading or list item, not wrapped prose.
HEADING_LINE_CHARACTERS = 70
# Hard-wrapped text (wire copy): at least this share of its lines are prose wrapped at a fixed width.
WRAPPED_LINE_SHARE = 0.4
# Both sides of a clause split must have at least this many words to stand as claims.
MIN_CLAUSE_WORDS = 6

_CLOSERS = "\"'”’»)]"
# Sentence punctuation and the whitespace after it, or a line break (spaces before it are stripped later;
# matching them here would backtrack quadratically over long runs of spaces).
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)\s+|\n\s*")
_OPENERS = set("\"'“‘«([¿¡•*–—-")
_TITLES = frozenset(
    "mr mrs ms mx dr prof gen sen rep gov lt col sgt capt cmdr adm maj rev hon pres st mt ft messrs "
    "jr sr supt det insp amb sec atty".split()
)
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos vol art fig p pp ch sec para".split())
_NEVER_FINAL = frozenset("e.g i.e vs v cf approx ca viz".split())
_MAYBE_FINAL = frozenset("inc ltd co corp plc llc etc bros dept univ".split())
# Words that open a sentence; after "U.S." or "Inc." only these make the full stop a sentence end.
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her its their our my "
    "but and or so yet however meanwhile still also in on at for after before when while if as "
    "since during under over with without by from to according some many most no not one two "
    "what who why how where last next earlier later".split()
)
# Lower-case words a heading or list item does not end with: a line ending so is wrapped prose.
_GOES_ON = frozenset("a an the of and or to in on at by for from with as than that nor".split())
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|although|though)\s)")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither begins nor ends with whitespace (str.isspace semantics)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_before(text: str, period: int) -> str:
    """The token ending right before text[period] (the full stop), without leading brackets or quotes."""
    begin = period
    while begin > 0 and not text[begin - 1].isspace() and period - begin < 40:
        begin -= 1
    return text[begin:period].lstrip("\"'“‘«([")


def _next_word(text: str, position: int) -> str:
    end = position
    while end < len(text) and (text[end].isalpha() or text[end] in "'’") and end - position < 30:
        end += 1
    return text[position:end]


_SENTENCE_FINAL = ".!?:;\"'”’»)]"


def is_hard_wrapped(text: str) -> bool:
    """Prose broken at a fixed width, as the wire sends it: of the lines of 40 characters or more, at least
    WRAPPED_LINE_SHARE are at most 100 long and end without sentence punctuation, and there are two such
    lines, or one in a text with no line over 100. Shorter lines (table rows, headings) do not count
    either way. In such text a single line break is a space; a new paragraph is a blank or indented line."""
    if text.count("\n") < 2:
        return False
    long_lines = wrapped = longest = 0
    for line in text.split("\n"):
        line = line.rstrip()
        longest = max(longest, len(line))
        if len(line) >= 40:
            long_lines += 1
            wrapped += len(line) <= 100 and line[-1] not in _SENTENCE_FINAL
    return wrapped >= WRAPPED_LINE_SHARE * long_lines and (wrapped >= 2 or (wrapped == 1 and longest <= 100))


def _ends_sentence(text: str, match: re.Match[str], wrapped: bool = False) -> bool:
    whitespace_start = match.start() + len(match.group(0).rstrip())
    whitespace = text[whitespace_start : match.end()]
    if whitespace.count("\n") >= 2:
        return True
    if wrapped and "\n" in whitespace and whitespace[whitespace.rindex("\n") + 1 :][:1] in (" ", "\t"):
        return True  # a blank line or an indented line begins a paragraph of hard-wrapped text
    following = text[match.end()] if match.end() < len(text) else ""
    if not following:
        return True
    terminal = match.group(0).rstrip()
    if not terminal:
        # A single line break with no sentence punctuation before it.
        if wrapped:
            return False  # the same paragraph goes on
        line_start = text.rfind("\n", 0, match.start()) + 1  # linear overall: back to the previous break only
        line = text[line_start : match.start()].strip()
        if not line or len(line) > HEADING_LINE_CHARACTERS or line[-1] in ",;:-–—(/&":
            return False
        if line.rsplit(None, 1)[-1] in _GOES_ON:
            return False  # "American Telephone and" / "Telegraph": no heading ends so
        return following.isupper() or following.isdigit() or following in _OPENERS
    if following.islower():
        return False
    if not (following.isupper() or following.isdigit() or following in _OPENERS or not following.isalpha()):
        return False
    if terminal != ".":
        return True
    word = _word_before(text, match.start())
    lowered = word.lower()
    if lowered in _TITLES or lowered in _NEVER_FINAL:
        return False
    if lowered in _BEFORE_NUMBER and following.isdigit():
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "J. Smith"
    if lowered in _MAYBE_FINAL or _DOTTED_ACRONYM.match(word):
        return _next_word(text, match.end()).lower() in _SENTENCE_STARTERS
    return True


def _cut_long(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while end - start > MAX_SPAN_CHARACTERS:
        cut = start + MAX_SPAN_CHARACTERS
        space = cut
        while space > start and not text[space].isspace():
            space -= 1
        if space > start:
            cut = space
        piece = _strip(text, start, cut)
        if piece[0] < piece[1] and has_word_character(text, *piece):
            spans.append(piece)
        start, end = _strip(text, cut, end)
    if start < end and has_word_character(text, start, end):
        spans.append((start, end))


_WORD_CHARACTER = re.compile(r"[^\W_]")  # str.isalnum: a letter or digit, Unicode categories L* and N*


def has_word_character(text: str, start: int, end: int) -> bool:
    """text[start:end] holds a letter or digit."""
    return _WORD_CHARACTER.search(text, start, end) is not None


def _word_count(text: str) -> int:
    """Words holding a letter or digit: "- - -" is no words."""
    return sum(_WORD_CHARACTER.search(word) is not None for word in text.split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, in order, stripped of surrounding whitespace, never empty.

    A sentence of two clauses that can stand alone (see `clause_spans`) is given as two spans, so
    that each clause has its own claimant: in "Rubio suggested that ..., while Cruz said that ..."
    the second clause is Cruz's, not Rubio's. A heading or table line in capitals is no sentence
    (`_is_heading_line`), nor is a lone word such as the wire's "Reuter" signature (`_is_lone_word`).
    """
    return [
        clause
        for start, end in _sentence_spans(text)
        if not _is_heading_line(text, start, end) and not _is_lone_word(text, start, end)
        for clause in clause_spans(text, start, end)
    ]


def _is_heading_line(text: str, start: int, end: int) -> bool:
    """A whole short line without a lower-case letter or a final full stop: a heading or a table row
    ("CUMULATIVE     QUOTA 1987", "IMPORTS     ALLOCATIONS", " COLOMBIA    103    21,840"), not a claim."""
    if end - start > HEADING_LINE_CHARACTERS or text[end - 1] in ".!?":
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if text[line_start:start].strip() or (line_end != -1 and text[end:line_end].strip()) or (line_end == -1 and text[end:].strip()):
        return False
    piece = text[start:end]
    return not any(c.islower() for c in piece) and sum(c.isupper() for c in piece) >= 2


def _is_lone_word(text: str, start: int, end: int) -> bool:
    """One word in a cased script without sentence punctuation ("Reuter", "Advertisement"): a signature
    or label. Scripts written without spaces (Chinese, Japanese, Thai) are left alone."""
    piece = text[start:end]
    return (len(piece) <= 30 and not any(c.isspace() for c in piece) and piece[-1] not in ".!?…"
            and any(c.isupper() or c.islower() for c in piece))


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    wrapped = is_hard_wrapped(text)
    for match in _CANDIDATE.finditer(text):
        if _ends_sentence(text, match, wrapped):
            end = match.start() + len(match.group(0).rstrip())
            span_start, span_end = _strip(text, start, end)
            if span_start < span_end and has_word_character(text, span_start, span_end):
                _cut_long(text, span_start, span_end, spans)
            start = match.end()
    span_start, span_end = _strip(text, start, len(text))
    if span_start < span_end and has_word_character(text, span_start, span_end):
        _cut_long(text, span_start, span_end, spans)
    return spans


_ENTITY_BEFORE = re.compile(r"&#?\w{1,8}$")


def _splittable(text: str, start: int, position: int) -> bool:
    """A break at `position` is outside parentheses and quotations opened in the sentence, and ends no
    HTML entity ("caf&#233; prices" has no clause break)."""
    before = text[start:position]
    if text.startswith(";", position) and _ENTITY_BEFORE.search(before[-10:]):
        return False
    if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
        return False
    if before.count('"') % 2 or before.count("“") > before.count("”") or before.count("«") > before.count("»"):
        return False
    return not (before.count("''") % 2)


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses at "; " and ", while/whereas/although" when both sides can stand alone,
    outside parentheses, quotations and HTML entities (`_splittable`).

    Standing alone takes MIN_CLAUSE_WORDS words with a letter or digit each, so no clause is punctuation only.
    """
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if not _splittable(text, start, match.start()):
            continue
        left = text[piece_start : match.start()]
        right = text[match.end() : end]
        if _word_count(left) >= MIN_CLAUSE_WORDS and _word_count(right) >= MIN_CLAUSE_WORDS:
            pieces.append(_strip(text, piece_start, match.start()))
            piece_start = match.end()
    pieces.append(_strip(text, piece_start, end))
    return [p for p in pieces if p[0] < p[1]]
