"""Claim extraction on strings alone: spans, claimants, segmentation, ranking, speed. No database."""

import time
from pathlib import Path

import pytest

from claims.extraction import (
    CHECKWORTHY_THRESHOLD, EXTRACTOR_VERSION, KINDS, NEWS, ExtractedClaim, extract, score_sentences
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_852c5d5ab8b24171.txt"


def seed_body() -> str:
    """The seed's body: everything after the blank line that follows the title line."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.strip())
    blank = next(i for i in range(title + 1, len(lines)) if not lines[i].strip())
    return "\n".join(lines[blank + 1 :])


@pytest.fixture(scope="module")
def seed_claims() -> list[ExtractedClaim]:
    return extract(seed_body())


def claim_containing(claims, fragment: str) -> ExtractedClaim:
    found = [c for c in claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0]


def assert_well_formed(body: str, claims: list[ExtractedClaim]) -> None:
    previous_end = 0
    for claim in claims:
        assert body[claim.start : claim.end] == claim.text
        assert claim.text and claim.text == claim.text.strip()
        assert claim.start >= previous_end
        previous_end = claim.end
        assert claim.kind in KINDS
        assert 0.0 <= claim.check_worthiness <= 1.0
        assert claim.extractor == EXTRACTOR_VERSION


def test_version_fits_the_claim_column():
    assert 0 < len(EXTRACTOR_VERSION) <= 64
    assert 0.0 < CHECKWORTHY_THRESHOLD < 1.0


def test_every_seed_claim_has_exact_offsets(seed_claims):
    body = seed_body()
    assert len(seed_claims) >= 20
    assert_well_formed(body, seed_claims)


def test_quotation_in_seed_is_attributed_to_trump(seed_claims):
    # One person, one claimant (issue 14): "President Trump" is the article's "Donald Trump".
    claim = claim_containing(seed_claims, "We were working together and it clicked")
    assert claim.claimant == "Donald Trump"
    assert claim.kind == "quote"
    continuation = claim_containing(seed_claims, "We were never friends")
    assert continuation.claimant == "Donald Trump"


def test_according_to_petro_is_attributed_to_petro(seed_claims):
    # "Petro" is the article's fullest name for him, "Gustavo Petro" (issue 14)
    assert claim_containing(seed_claims, "According to Petro, Trump agreed").claimant == "Gustavo Petro"


def test_petro_emphasized_is_attributed_to_petro(seed_claims):
    assert claim_containing(seed_claims, "Petro emphasized that").claimant == "Gustavo Petro"


def test_analysts_note_is_attributed_to_the_analysts(seed_claims):
    claimant = claim_containing(seed_claims, "Regional security analysts note that").claimant
    assert claimant is not None and "analysts" in claimant


def test_pronoun_resolves_to_the_person_named_before(seed_claims):
    assert claim_containing(seed_claims, "He also declared he would prefer").claimant == "Gustavo Petro"


def test_outlet_assertions_have_no_claimant(seed_claims):
    assert claim_containing(seed_claims, "Colombia has shifted from forced eradication").claimant is None


def test_closing_quote_then_next_sentence_are_two_claims(seed_claims):
    ending = claim_containing(seed_claims, "I love Colombia.’")
    assert ending.text.endswith("I love Colombia.’")
    assert claim_containing(seed_claims, "In interviews with Colombian radio").text.startswith("In interviews")


def test_appositive_between_speaker_and_verb_is_skipped():
    body = ("Dr. Jane Smith, an economist at the central bank, said inflation fell to 3%. "
            "Senator Bob Jones, who chairs the committee, said the bill costs $4 billion.")
    assert [c.claimant for c in extract(body)] == ["Jane Smith", "Bob Jones"]  # fullest names, titles dropped


def test_abbreviations_do_not_end_sentences():
    body = "Dr. Smith met U.S. officials on Jan. 5 in Washington. Mr. Jones said the U.S. economy grew 2% last year."
    claims = extract(body)
    assert [c.text for c in claims] == [
        "Dr. Smith met U.S. officials on Jan. 5 in Washington.",
        "Mr. Jones said the U.S. economy grew 2% last year.",
    ]
    assert claims[1].claimant == "Jones"


def test_seed_ranks_facts_above_opinion_and_prediction(seed_claims):
    factual = [
        claim_containing(seed_claims, "coca production has increased"),
        claim_containing(seed_claims, "U.S. sanctions against Petro"),
        claim_containing(seed_claims, "In October, Trump had baselessly labeled"),
        claim_containing(seed_claims, "world’s largest producer of coca"),
    ]
    soft = [
        claim_containing(seed_claims, "This diplomatic engagement represents a substantial shift"),
        claim_containing(seed_claims, "failed reconciliation could have severe consequences"),
    ]
    assert min(c.check_worthiness for c in factual) > max(c.check_worthiness for c in soft)


@pytest.mark.parametrize(
    "body",
    [
        'She said "We will win." Then she left.',
        "She said “We will win.” Then she left.",
        "She said ‘I didn’t know him.’ Then she left.",
        "He wrote: 'It's over, we're done.' Nobody answered.",
        "«Nous gagnerons», a-t-il dit. Puis il est parti.",
        "Growth hit 3% 🚀📈 in 2024, officials said. 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text follows here.",
        "Line one ends here.\r\nLine two ends here.\r\n\r\nNew paragraph.",
        "   \n\t  Leading and trailing whitespace. Another one.  \n\n  ",
        "No punctuation at all",
        "“Unclosed quotation runs on. And on",
    ],
)
def test_offsets_exact_on_every_quote_style_and_character(body):
    claims = extract(body)
    assert claims
    assert_well_formed(body, claims)


@pytest.mark.parametrize("body", ["", " ", "\n\n\t \r\n", "\u2028\u00a0"])
def test_empty_or_whitespace_body_gives_no_claims(body):
    assert extract(body) == []


def test_score_sentences_matches_extract_and_handles_empty_list(seed_claims):
    assert score_sentences([]) == []
    scores = score_sentences([c.text for c in seed_claims[:5]], NEWS)
    assert scores == pytest.approx([c.check_worthiness for c in seed_claims[:5]], abs=1e-12)


def test_clause_split_gives_two_claims_for_x_while_y():
    body = (
        "The government said unemployment fell to 4.1 percent in March this year, "
        "while inflation rose to 6 percent over the same period of time."
    )
    claims = extract(body)
    assert len(claims) == 2
    assert claims[1].text.startswith("while inflation")
    assert_well_formed(body, claims)


def _seconds_for(body: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        extract(body)
        best = min(best, time.perf_counter() - started)
    return best


def test_one_megabyte_body_takes_linear_time():
    paragraph = seed_body() + "\n\n"
    small = paragraph * (100_000 // len(paragraph) + 1)
    large = paragraph * (1_000_000 // len(paragraph) + 1)
    ratio = _seconds_for(large) / _seconds_for(small)
    size_ratio = len(large) / len(small)
    # Quadratic work would make this ratio about size_ratio squared (~100); linear gives ~10.
    assert ratio < size_ratio * 3


def test_claimant_names_do_not_end_or_start_with_a_connector():
    claims = extract("The Bank of England said rates rose to 5%. Officials and Robert Rubin said prices fell 2%.")
    assert claims[0].claimant == "Bank of England"
    assert all(not (c.claimant or "x").lower().endswith((" and", " of", " for")) for c in claims)
