"""What sort of claim a sentence makes (its kind), for English news text."""

from __future__ import annotations

import re

KINDS = ("quote", "statistic", "event", "attribution", "prediction", "opinion", "other")

_KIND_WORD = re.compile(r"[a-z0-9%$€£¥']+")
_DIGIT = re.compile(r"\d")
_SUPERLATIVE_OF_PLACE = re.compile(r"(?:world|country|nation|region|continent)['’]s\s+\w+est\b", re.IGNORECASE)
_QUANTITY_WORDS = frozenset(
    "% percent $ € £ ¥ hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "dozen dozens twice double doubled triple tripled half largest biggest highest lowest smallest greatest "
    "fastest most least record".split()
)
_CHANGE_WORDS = frozenset(
    "increase increased increasing decrease decreased rose risen rising fell fallen falling grew grown growing "
    "doubled tripled halved decline declined declining surge surged plunge plunged dropped".split()
)
_COMPARATIVE_WORDS = frozenset("more less fewer higher lower greater smaller bigger larger better worse".split())
_FUTURE_WORDS = frozenset(
    "will won't shall could might may would expects expect forecast forecasts projected predicts predict anticipates".split()
)
_FUTURE_PHRASES = ("going to", "expected to", "likely to", "set to", "poised to")
_OPINION_WORDS = frozenset(
    "represents represent remarkable substantial significant crucial important should must ought unfortunately "
    "clearly obviously arguably seems seem appears appear believes believe think feel hope great terrible good "
    "bad best worst wrong right shameful welcome deserves deserve fair unfair vital essential key".split()
)
_EVENT_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december yesterday today tonight earlier week".split()
)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Numbers that are no quantity: dates, years, clock times ("Nov. 19", "in 2007", "at 1430 GMT", "10:30 a.m.").
_DATE_OR_TIME = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?|\b\d{3,4}\s*(?:GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|UTC)\b"
    r"|\b(?:19|20)\d{2}(?:s|'s)?\b(?!\s*(?:%|percent|pct|per\b|dlrs|dollars|tonnes|tons|people|votes|jobs|shares|mln|billion|million|[-–]\d))"
)
# A score is no statistic in a sports context ("the Red Sox won, 4-2").
_SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")
_SPORTS_WORDS = frozenset(
    "won beat beats defeated lost victory win game games match matches season innings inning goal goals scored "
    "championship tournament league cup playoff playoffs quarterback pitched touchdown".split()
)
# "best" names an award here, not an opinion ("a Golden Globe in the best actress category").
_AWARD_BEST = re.compile(
    r"\bbest\s+(?:actor|actress|picture|film|director|album|song|novel|supporting|new|documentary|animated|foreign|"
    r"original|screenplay|play|musical|record)\b",
    re.IGNORECASE,
)


def _quantity_digit(text: str, words: set[str]) -> bool:
    """A digit that is a quantity: not only dates, years, clock times or, among sports words, scores."""
    if not _DIGIT.search(text):
        return False
    rest = _DATE_OR_TIME.sub(" ", text)
    if not words.isdisjoint(_SPORTS_WORDS):
        rest = _SCORE.sub(" ", rest)
    return _DIGIT.search(rest) is not None


def claim_kind(text: str, claimant: str | None, is_quote: bool) -> str:
    """One of KINDS, most specific first.

    A digit makes a statistic only when it is a quantity (`_quantity_digit`): a date, a year, a clock
    time or a score in a sports context is none; "best" in an award's name is no opinion.
    """
    if is_quote and claimant:
        return "quote"
    lowered = text.lower()
    words = set(_KIND_WORD.findall(lowered.replace("’", "'")))
    if "best" in words and _AWARD_BEST.search(text):
        words.discard("best")
    if _quantity_digit(text, words) or not words.isdisjoint(_QUANTITY_WORDS) or _SUPERLATIVE_OF_PLACE.search(text):
        return "statistic"
    if claimant:
        return "attribution"
    if not words.isdisjoint(_FUTURE_WORDS) or any(phrase in lowered for phrase in _FUTURE_PHRASES):
        return "prediction"
    if not words.isdisjoint(_CHANGE_WORDS) or ("than" in words and not words.isdisjoint(_COMPARATIVE_WORDS)):
        return "statistic"
    if not words.isdisjoint(_EVENT_WORDS):
        return "event"  # dated: "on Tuesday", "in October"
    if not words.isdisjoint(_OPINION_WORDS):
        return "opinion"
    if any(len(w) > 4 and w.endswith("ed") for w in words):
        return "event"
    return "other"
