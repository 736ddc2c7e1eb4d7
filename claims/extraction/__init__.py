"""Claim extraction for ClaimTracker: spans, claimant, kind and check-worthiness of news text.

Pure Python (numpy for the scorer); imports nothing from Django.

    from claims.extraction import extract
    for claim in extract(body):
        body[claim.start:claim.end] == claim.text
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.attribution import attribute
from claims.extraction.graphemes import Graphemes
from claims.extraction.kinds import KINDS, claim_kind
from claims.extraction.quotes import quotation_spans
from claims.extraction.scorer import MODEL_VERSION, load_metadata, shipped_model
from claims.extraction.segment import clause_spans, has_word_character, sentence_spans

__all__ = [
    "CHECKWORTHY_THRESHOLD",
    "EXTRACTOR_VERSION",
    "KINDS",
    "ExtractedClaim",
    "extract",
    "score_sentences",
]

EXTRACTOR_VERSION = f"claimtracker-extract/1.1+{MODEL_VERSION}"
# Chosen at training time: the calibrated score maximising F1 on out-of-fold train + dev scores.
try:
    CHECKWORTHY_THRESHOLD: float = float(load_metadata()["threshold"])
except FileNotFoundError:  # only before the first `python -m training.train`
    CHECKWORTHY_THRESHOLD = 0.5


@dataclass(frozen=True)
class ExtractedClaim:
    start: int
    end: int
    text: str
    claimant: str | None
    kind: str
    check_worthiness: float
    extractor: str


def score_sentences(texts: list[str]) -> list[float]:
    """Calibrated check-worthiness (0..1) of each text taken as one sentence."""
    if not texts:
        return []
    return [float(p) for p in shipped_model().probabilities(list(texts))]


def extract(body: str, language: str | None = None) -> list[ExtractedClaim]:
    """Every claim (sentence, or clause of a long sentence) of the body, in order of start.

    Offsets index the body exactly as given. `language` is accepted for the caller's bookkeeping;
    the rules and the model are English, so other languages get spans and rough scores only.
    """
    if not body or body.isspace():
        return []
    sentences = sentence_spans(body)
    attributions = attribute(body, sentences, quotation_spans(body))
    graphemes = Graphemes(body)
    spans: list[tuple[int, int, str | None, bool]] = []
    for (start, end), (claimant, is_quote) in zip(sentences, attributions):
        for clause_start, clause_end in clause_spans(body, start, end):
            clause_start, clause_end = graphemes.snap(clause_start, clause_end)
            if spans and clause_start < spans[-1][1]:  # a cluster across two clauses stays with the first
                clause_start = spans[-1][1]
            if clause_start < clause_end and has_word_character(body, clause_start, clause_end):
                spans.append((clause_start, clause_end, claimant, is_quote))
    texts = [body[start:end] for start, end, _, _ in spans]
    scores = score_sentences(texts)
    return [
        ExtractedClaim(
            start=start,
            end=end,
            text=text,
            claimant=claimant,
            kind=claim_kind(text, claimant, is_quote),
            check_worthiness=score,
            extractor=EXTRACTOR_VERSION,
        )
        for (start, end, claimant, is_quote), text, score in zip(spans, texts, scores)
    ]
