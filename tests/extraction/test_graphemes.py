"""Spans keep to grapheme clusters (issue 13, 7): never between "e" and its combining accent, never
inside an emoji sequence joined by U+200D; property-based over real news text."""

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.graphemes import Graphemes
from claims.models import span_errors
from tests.datasets import reuters_articles

JOINERS = ["\u0301", "\u0308", "\u200d👧", "\ufe0f", "\U0001F3FD", "\u0327\u0301", "\u200d", "\U0001F1EA"]
BODIES = [article["body"] for article in reuters_articles(40, every=300)]


def boundaries(text: str) -> set[int]:
    return {0, *(match.end() for match in regex.finditer(r"\X", text))}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_extracted_spans_start_and_end_between_grapheme_clusters(data):
    body = data.draw(st.sampled_from(BODIES))
    for _ in range(data.draw(st.integers(min_value=1, max_value=30))):
        at = data.draw(st.integers(min_value=0, max_value=len(body)))
        body = body[:at] + data.draw(st.sampled_from(JOINERS)) + body[at:]
    clusters = boundaries(body)
    for claim in extract(body):
        assert claim.start in clusters and claim.end in clusters, (claim.start, claim.end, claim.text[-5:])
        assert body[claim.start:claim.end] == claim.text


def test_a_span_ending_between_a_letter_and_its_accent_is_refused():
    body = "The café\u0301 owner said prices rose."  # "é" then a second accent: one cluster "é\u0301"
    inside = body.index("\u0301")
    assert "end" in span_errors(body, 0, inside, None)
    assert span_errors(body, 0, inside + 1, None) == {}
    family = "Ours: 👨\u200d👩\u200d👧 at home."
    assert "start" in span_errors(family, family.index("👩"), len(family), None)


def test_plain_text_needs_no_segmentation():
    assert Graphemes("Exports rose 5% in 2024 “said” the minister.").simple
    assert not Graphemes("Cafe\u0301").simple
