"""The claimant guard's whole-word search (issue 13: it made a 5 MB article quadratic) finds exactly
what a scan of the whole text finds, on real news and on mutations of it. No database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.claimants import _WordIndex
from tests.datasets import REUTERS, reuters_articles


if REUTERS.is_file():
    BODIES = [article["body"] for article in reuters_articles(40, every=300)]
else:  # the shared datasets are absent: text of the same shape, still with runs and punctuation
    BODIES = ["Mr. O'Neill said: \"Prices rose 3.5 pct in Q2,\" the (Bank of Japan) said. Émile-Zola's."]


def scanned(wanted: str, text: str) -> bool:
    """The reference: every occurrence of `wanted` in `text`, not running on into a letter or digit."""
    if not wanted:
        return False
    start = text.find(wanted)
    while start != -1:
        end = start + len(wanted)
        if not (wanted[0].isalnum() and start and text[start - 1].isalnum()) and not (
            wanted[-1].isalnum() and end < len(text) and text[end].isalnum()
        ):
            return True
        start = text.find(wanted, start + 1)
    return False


@st.composite
def text_and_phrase(draw):
    text = draw(st.sampled_from(BODIES))
    # Mutations that make runs start, end and merge where they did not.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", " ", "x", "_", "9", "é", "\u0301", "-", "e\u0301"])) + text[at:]
    start = draw(st.integers(0, max(0, len(text) - 1)))
    phrase = text[start:start + draw(st.integers(0, 40))]
    # Cut a letter off either end, or add one: the phrase then often runs on into a neighbour.
    phrase = draw(st.sampled_from(["", "a", "_", " "])) + phrase[draw(st.integers(0, 1)):] \
        + draw(st.sampled_from(["", "s", "1", "."]))
    return text, phrase


@settings(max_examples=600, deadline=None)
@given(text_and_phrase())
def test_indexed_search_is_the_scan_of_the_whole_text(case):
    text, phrase = case
    assert _WordIndex(text).occurs_as_words(phrase) == scanned(phrase, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _-1é\u0301 ", max_size=30), st.text(alphabet="ab _-1é\u0301 ", max_size=6))
def test_indexed_search_on_any_text(text, phrase):
    assert _WordIndex(text).occurs_as_words(phrase) == scanned(phrase, text)
