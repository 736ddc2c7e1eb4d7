"""How the matcher ranks, as pure functions (no Django, no database): the words of a text, the
lexical feature, the full-text query, the combined score and its weights.

The ranking, for a query and any candidate (an imported fact-check or a published claim):

    candidates = the EMBEDDING_CANDIDATES nearest by cosine (exact, over every stored vector)
               ∪ the LEXICAL_CANDIDATES best full-text matches (any of the query's lexemes: an OR
                 tsquery over claim_reviewed and title, ranked by ts_rank)

(Trigram candidates were tried: 60-100 ms a short query at 100,000 fact-checks, for queries the
vectors already reach; they are not a road.)
    score      = sigmoid(w_cos * cosine + w_cover * coverage + bias)

`coverage` is the share of the candidate's content words that the query has. The weights are fitted
by logistic regression on the Snopes TRAIN tweets (`python -m training.matching --fit`), so a score
reads as the chance that the candidate checks the query's claim on tweets like those; it is monotone
in both features whatever the text.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


RANKING_FILE = Path(__file__).resolve().parent / "model" / "ranking.json"
EMBEDDING_CANDIDATES = 50
LEXICAL_CANDIDATES = 50
LEXICAL_MATCHES_RANKED = 1000  # full-text matches ranked per query (the first found), as claims' search
LEXICAL_RANKED = 200  # the best of those, before the filters keep LEXICAL_CANDIDATES
QUERY_MAX_CHARS = 2000
QUERY_MAX_LEXEMES = 64

_WORD = re.compile(r"\w+", re.UNICODE)
# Function words carry no claim: kept out of the coverage feature (English only; other languages count all).
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves rt via amp
""".split())


@dataclass(frozen=True)
class Weights:
    cosine: float
    coverage: float
    bias: float
    fitted_on: str


DEFAULT_WEIGHTS = Weights(cosine=12.0, coverage=3.0, bias=-9.0, fitted_on="default (not fitted)")


@lru_cache(maxsize=1)
def shipped_weights() -> Weights:
    try:
        data = json.loads(RANKING_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT_WEIGHTS
    return Weights(cosine=data["cosine"], coverage=data["coverage"], bias=data["bias"], fitted_on=data["fitted_on"])


def clean_query(text: str) -> str:
    """What the matcher reads of a query: NFC, no control characters, at most QUERY_MAX_CHARS."""
    text = unicodedata.normalize("NFC", text or "")[:QUERY_MAX_CHARS]
    return "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\t\n" else " " for ch in text)


def _stem(word: str) -> str:
    """A crude English plural/possessive fold (claims ~ claim), enough for the coverage feature."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The text's words that say something: case-folded, stop words out, plurals folded."""
    return frozenset(_stem(w) for w in _WORD.findall(text.casefold())
                     if w not in STOP_WORDS and not (w.isdigit() and len(w) == 1))


def coverage(query_words: frozenset[str], candidate_words: frozenset[str]) -> float:
    """Share of the candidate's content words found in the query (0 when it has none)."""
    if not candidate_words:
        return 0.0
    return len(query_words & candidate_words) / len(candidate_words)


def score(cosine: float, cover: float, weights: Weights | None = None) -> float:
    """The calibrated match score in [0, 1]: increasing in cosine and in coverage."""
    w = weights or shipped_weights()
    z = w.cosine * cosine + w.coverage * cover + w.bias
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def tsquery_literal(lexeme: str) -> str:
    """A lexeme quoted for to_tsquery (quotes doubled, backslashes escaped)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def or_tsquery(lexemes: list[str]) -> str:
    """A raw tsquery matching any of the lexemes ("" when there are none): websearch is AND."""
    unique = sorted({lexeme for lexeme in lexemes if lexeme}, key=lambda w: (-len(w), w))[:QUERY_MAX_LEXEMES]
    return " | ".join(tsquery_literal(lexeme) for lexeme in unique)


def search_config(language: str | None) -> str:
    """The text search configuration of a language: English stems, anything else as written."""
    return "english" if not language or language.lower().startswith("en") else "simple"
