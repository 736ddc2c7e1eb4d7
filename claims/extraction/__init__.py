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
from claims.extraction.scores import (
    CHECKWORTHY_THRESHOLD, FAST_MODEL, NEWS, PRECISE_MODEL, SENTENCES, fast_scores, precise_scores, score_sentences
)
from claims.extraction.segment import clause_spans, has_word_character, sentence_spans


__all__ = [
    "CHECKWORTHY_THRESHOLD",
    "EXTRACTOR_VERSION",
    "FAST_MODEL",
    "KINDS",
    "NEWS",
    "PRECISE_MODEL",
    "SENTENCES",
    "ExtractedClaim",
    "extract",
    "fast_scores",
    "precise_scores",
    "score_sentences",
]

# Spans, claimants and kinds; which model scored a claim is recorded apart (ExtractedClaim.scored_by).
EXTRACTOR_VERSION = "claimtracker-extract/1.4"


@dataclass(frozen=True)
class ExtractedClaim:
    start: int
    end: int
    text: str
    claimant: str | None
    kind: str
    check_worthiness: float
    extractor: str
    scored_by: str = PRECISE_MODEL


def extract(body: str, language: str | None = None, *, precise: bool = True) -> list[ExtractedClaim]:
    """Every claim (sentence, or clause of a long sentence) of the body, in order of start.

    Offsets index the body exactly as given. `language` is accepted for the caller's bookkeeping;
    the rules and the model are English, so other languages get spans and rough scores only. A body
    is an article, so its claims are scored as news (`scores.NEWS`).
    `precise=False` scores with the fast linear model (ingest: the precise one re-scores later).
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
    scores = precise_scores(texts, NEWS) if precise else fast_scores(texts, NEWS)
    return [
        ExtractedClaim(
            start=start,
            end=end,
            text=text,
            claimant=claimant,
            kind=claim_kind(text, claimant, is_quote),
            check_worthiness=score,
            extractor=EXTRACTOR_VERSION,
            scored_by=PRECISE_MODEL if precise else FAST_MODEL,
        )
        for (start, end, claimant, is_quote), text, score in zip(spans, texts, scores)
    ]
