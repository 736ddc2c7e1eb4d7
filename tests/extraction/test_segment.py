"""Sentences of hard-wrapped text (wire copy, as Reuters sends it): a line break inside a paragraph is a
space, so a sentence is the same sentence however its paragraph is wrapped. No database.

Property-based over real news: the paragraphs of PolNeAR texts (one a line), re-wrapped at random widths with
paragraphs marked by indentation (as Reuters does) or blank lines, give the sentences of the same paragraphs
unwrapped.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.segment import is_hard_wrapped, sentence_spans

from tests.datasets import polnear_texts, reuters_articles


@lru_cache(maxsize=1)
def _polnear() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in polnear_texts()[::7])


def _sentences(text: str) -> list[str]:
    return [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]


def _wrap(text: str, width: int, indent: bool) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    lead = "    " if indent else ""
    wrapped = [textwrap.fill(p, width=width, initial_indent=lead, break_long_words=False, break_on_hyphens=False)
               for p in paragraphs]
    return ("\n" if indent else "\n\n").join(wrapped)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), width=st.integers(min_value=50, max_value=90), indent=st.booleans())
def test_a_real_article_has_the_same_sentences_however_it_is_wrapped(index, width, indent):
    texts = _polnear()
    original = texts[index % len(texts)]
    wrapped = _wrap(original, width, indent)
    assert is_hard_wrapped(wrapped)
    assert _sentences(wrapped) == _sentences("\n\n".join(p for p in original.split("\n") if p.strip()))


def test_one_paragraph_a_line_is_not_hard_wrapped():
    assert not any(is_hard_wrapped(text) for text in _polnear())


def test_a_wrapped_line_that_ends_before_a_capitalised_name_goes_on():
    body = ("Standard Oil Co and BP North America\n"
            "Inc said they plan to form a venture to manage the money market\n"
            "borrowing and investment activities of both companies, it said on\n"
            "Monday in a statement that was sent to the wire services here.\n"
            "    BP North America is a subsidiary of British Petroleum Co\n"
            "Plc, which also owns a 55 pct interest in Standard Oil.\n"
            "    SUBPRODUCTS\n"
            "    Wheat prev 39.9, Feb 48.7, March 13.2, Apr 10.0, total\n"
            "111.8 (82.7).\n"
            " Reuter\n")
    assert _sentences(body) == [
        "Standard Oil Co and BP North America Inc said they plan to form a venture to manage the money market "
        "borrowing and investment activities of both companies, it said on Monday in a statement that was sent "
        "to the wire services here.",
        "BP North America is a subsidiary of British Petroleum Co Plc, which also owns a 55 pct interest in "
        "Standard Oil.",
        "Wheat prev 39.9, Feb 48.7, March 13.2, Apr 10.0, total 111.8 (82.7).",
    ]


def test_a_short_line_of_unwrapped_text_is_still_a_heading():
    body = "Key points\nThe minister said prices rose by 4% last year.\nWhat comes next\nNobody knows yet."
    assert _sentences(body) == ["Key points", "The minister said prices rose by 4% last year.", "What comes next",
                                "Nobody knows yet."]


def test_a_lone_word_is_no_claim_but_a_sentence_in_an_unspaced_script_is():
    assert _sentences("Prices rose.\n\nReuter\n\nAdvertisement") == ["Prices rose."]
    assert _sentences("价格上涨了百分之四\n\n部长说") == ["价格上涨了百分之四", "部长说"]


def test_reuters_claims_end_where_their_sentence_ends():
    """On real wire copy no claim stops in mid-sentence at a line break: a claim that ends without sentence
    punctuation is followed by an indented line, a blank line, a clause break ("; ", ", while") or the end."""
    broken = []
    for article in reuters_articles(200, every=50):
        body = article["body"]
        claims = extract(body, precise=False)
        for claim in claims:
            after = body[claim.end : claim.end + 2]
            if claim.text[-1] in ".!?\"'”’)" or not after.startswith("\n") or after[1:2] in (" ", "\n", ""):
                continue
            broken.append((claim.text[-60:], body[claim.end : claim.end + 40]))
    assert not broken, broken[:10]
