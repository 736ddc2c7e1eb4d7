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


def claim_kind(text: str, claimant: str | None, is_quote: bool) -> str:
    """One of KINDS, most specific first."""
    if is_quote and claimant:
        return "quote"
    lowered = text.lower()
    words = set(_KIND_WORD.findall(lowered.replace("’", "'")))
    if _DIGIT.search(text) or not words.isdisjoint(_QUANTITY_WORDS) or _SUPERLATIVE_OF_PLACE.search(text):
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
