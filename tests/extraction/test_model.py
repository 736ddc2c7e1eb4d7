"""The shipped check-worthiness model and span invariants on arbitrary text. No database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract, score_sentences
from claims.extraction.scorer import ARRAYS_FILE, MODEL_DIR, load_metadata


def test_runtime_scores_reproduce_training_time_scores():
    reference = load_metadata()["reference"]
    assert len(reference["texts"]) >= 10
    for runtime, trained in zip(score_sentences(reference["texts"]), reference["probabilities"]):
        assert abs(runtime - trained) < 1e-6


def test_model_artefact_is_small_and_not_a_pickle():
    artefact = MODEL_DIR / ARRAYS_FILE
    assert artefact.stat().st_size < 5_000_000
    assert artefact.read_bytes()[:2] == b"PK"  # a zip of .npy arrays, loaded with allow_pickle=False


def test_model_reached_the_dev_test_target():
    assert load_metadata()["dev_test"]["f1"] >= 0.80


def test_numbers_score_above_chit_chat():
    factual, chat = score_sentences(
        ["Unemployment fell to 3.5 percent last year, the lowest rate in 50 years.", "Thank you very much, it is great to be here."]
    )
    assert factual > 0.5 > chat


_PIECES = list(" .!?\n\r\t\"'“”‘’«»;:,—–\u2028\x1c") + ["U.S. ", "Dr. ", " said ", "According to X, ", "\n\n", "😀", " He ", " while "]
_TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(_PIECES)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_spans_are_exact_ordered_stripped_and_disjoint_on_any_text(body):
    previous_end = 0
    for claim in extract(body):
        assert body[claim.start : claim.end] == claim.text
        assert claim.text and claim.text == claim.text.strip()
        assert previous_end <= claim.start < claim.end <= len(body)
        previous_end = claim.end
