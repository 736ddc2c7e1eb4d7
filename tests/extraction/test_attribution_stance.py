"""Claimants of stance, evaluation and cognition verbs (issue 14): PolNeAR credits the subject of
"embraced", "ripped", "lists", "believes" as the source of what follows. Sentences are shaped on
PolNeAR train and Reuters-21578 train; no database, no datasets needed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.attribution import _STANCE_WORDS


def claimant_of(body: str, fragment: str) -> str | None:
    found = [c for c in extract(body, precise=False) if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0].claimant


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trump also embraced enhanced interrogation techniques at the rally in Manchester.", "Trump"),
        ("On Saturday, Senator Bernie Sanders, a Democratic rival, assailed her for supporting the war.", "Bernie Sanders"),
        ("Mr. Obama has long opposed the pipeline, and environmental groups welcomed the decision.", "Obama"),
        ("The Wisconsin governor, Scott Walker, did not deny the report on Tuesday.", "Scott Walker"),
        ("S and P cited Navistar's recent issuance of 104 mln shares of common stock.", "S and P"),
        ("Democrats believe the bill will pass the Senate before the recess.", "Democrats"),
    ],
)
def test_subject_of_a_stance_verb_is_the_claimant(body, expected):
    assert claimant_of(body, body[:20]) == expected


@pytest.mark.parametrize(
    "body",
    [
        # a noun, not a verb: after a possessive, a determiner, "to", or a base form after one name
        "Trump's support among evangelicals has held steady since the primary in Iowa.",
        "The campaign asked voters to support the measure in the fall election.",
        "Sanders support among young voters rose again in the latest national poll.",
        # a participle after a comma, a passive
        "Regan, expected to resign or be fired shortly, was savaged by the commission.",
        "The rule was criticized by utilities across the state of New York.",
    ],
)
def test_a_stance_word_that_is_no_verb_of_a_subject_gives_no_claimant(body):
    assert claimant_of(body, body[:20]) is None


def test_a_trailing_said_x_beats_a_stance_verb_before_it():
    # Reuters: the source is the SEC, not Continental, the subject of "listed"
    body = (
        "Continental had originally listed 565 mln dlrs of the loan loss provision as a credit loss, "
        "the SEC said."
    )
    assert claimant_of(body, "Continental") == "SEC"


_SURNAMES = st.sampled_from(["Sanders", "Clinton", "Kasich", "Rubio", "Warren", "Pelosi"])
_THIRD_PERSON = sorted(w for w in _STANCE_WORDS if w.endswith("s") and not w.endswith("ss"))


@given(surname=_SURNAMES, verb=st.sampled_from(_THIRD_PERSON))
def test_any_third_person_stance_verb_credits_the_named_subject(surname, verb):
    body = f"Senator Jane {surname} {verb} the new trade agreement with Mexico and Canada."
    assert claimant_of(body, "trade agreement") == f"Jane {surname}"


@given(determiner=st.sampled_from(["Its", "The", "Their", "For", "With"]), verb=st.sampled_from(_THIRD_PERSON))
def test_a_stance_word_after_a_determiner_or_preposition_credits_no_one(determiner, verb):
    body = f"{determiner} {verb} of the new trade agreement with Mexico and Canada were many."
    assert claimant_of(body, "trade agreement") is None
