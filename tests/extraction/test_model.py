"""The shipped check-worthiness model and span invariants on arbitrary text. No database."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import (
    CHECKWORTHY_THRESHOLD, FAST_MODEL, NEWS, PRECISE_MODEL, extract, fast_scores, precise_scores, score_sentences
)
from claims.extraction.encoder import CALIBRATION_FILE, ENCODER_FILE, load_calibration, shipped_encoder
from claims.extraction.scorer import ARRAYS_FILE, MODEL_DIR, load_metadata, shipped_model
from training.calibrate import recent_sets
from training.datasets import load_news
from training.encoder import auc
from training.train import f1_at


def test_linear_model_reproduces_its_training_time_scores():
    reference = load_metadata()["reference"]
    assert len(reference["texts"]) >= 10
    for runtime, trained in zip(shipped_model().probabilities(reference["texts"]), reference["probabilities"]):
        assert abs(runtime - trained) < 1e-6


def test_both_scores_reproduce_the_calibration_time_scores():
    reference = load_calibration()["reference"]
    assert len(reference["texts"]) >= 10
    assert fast_scores(reference["texts"]) == pytest.approx(reference["fast"], abs=1e-6)
    # int8 arithmetic may round differently on another CPU; a sentence's score never depends on others.
    assert precise_scores(reference["texts"]) == pytest.approx(reference["precise"], abs=1e-3)
    assert len(reference["news_texts"]) >= 10
    assert fast_scores(reference["news_texts"], NEWS) == pytest.approx(reference["news_fast"], abs=1e-6)
    assert precise_scores(reference["news_texts"], NEWS) == pytest.approx(reference["news_precise"], abs=1e-3)


def test_a_score_depends_on_the_sentence_alone():
    texts = [text for text, _ in zip(*recent_sets()["tweets 2021-22 (CT22 en dev)"])][:12]
    encoder = shipped_encoder()
    together = list(encoder.logits(texts))
    assert together == [encoder.logits([text])[0] for text in texts]
    assert list(encoder.logits(list(reversed(texts)))) == list(reversed(together))
    # The linear part sums in another order in another batch: equal to the last bits.
    assert precise_scores(texts) == pytest.approx([precise_scores([text])[0] for text in texts], abs=1e-12)


def test_artefacts_are_small_and_not_pickles():
    artefact = MODEL_DIR / ARRAYS_FILE
    assert artefact.stat().st_size < 5_000_000
    assert artefact.read_bytes()[:2] == b"PK"  # a zip of .npy arrays, loaded with allow_pickle=False
    encoder = MODEL_DIR / ENCODER_FILE
    assert encoder.stat().st_size < 30_000_000  # int8
    assert (MODEL_DIR / CALIBRATION_FILE).exists()


def test_score_sentences_is_the_precise_model_and_extract_says_which_scored():
    body = "Unemployment fell to 3.5 percent last year. Thank you very much."
    precise, fast = extract(body), extract(body, precise=False)
    assert [c.scored_by for c in precise] == [PRECISE_MODEL] * 2 and [c.scored_by for c in fast] == [FAST_MODEL] * 2
    texts = [c.text for c in precise]
    assert [c.check_worthiness for c in precise] == score_sentences(texts, NEWS) == precise_scores(texts, NEWS)
    assert [c.check_worthiness for c in fast] == fast_scores(texts, NEWS)
    assert score_sentences(texts) == precise_scores(texts)


def test_news_claims_are_read_through_the_news_map_ranked_as_sentences():
    """The news map is monotone: it moves where the threshold falls, never the order."""
    texts = [text for text, _ in zip(*recent_sets()["debates 2020+ (CT24 dev-test)"])][:40]
    for scores in (precise_scores, fast_scores):
        as_sentences, as_news = np.array(scores(texts)), np.array(scores(texts, NEWS))
        assert np.all(np.diff(as_news[np.argsort(as_sentences)]) >= 0)
        assert not np.allclose(as_sentences, as_news)
    with pytest.raises(ValueError, match="genre"):
        precise_scores(texts[:1], "poetry")


def test_news_flagged_share_is_near_what_labelled_news_holds():
    """On the labelled news sample (training/news/), the sentence map flags most sentences and the news
    map a share between 15% and 45%, with better F1 at the threshold. The map was fitted on this sample
    (two numbers per model); the cross-fitted figures are in BENCHMARKS.md."""
    texts, labels, _ = load_news()
    as_sentences, as_news = np.array(precise_scores(texts)), np.array(precise_scores(texts, NEWS))
    assert np.mean(as_sentences >= CHECKWORTHY_THRESHOLD) > 0.6
    assert 0.15 <= np.mean(as_news >= CHECKWORTHY_THRESHOLD) <= 0.45
    assert f1_at(labels, as_news, CHECKWORTHY_THRESHOLD)[2] > f1_at(labels, as_sentences, CHECKWORTHY_THRESHOLD)[2]


@pytest.mark.parametrize("name", ["debates 2020+ (CT24 dev-test)", "tweets 2021-22 (CT22 en dev)"])
def test_precise_model_ranks_recent_text_better_than_the_fast_one(name):
    """On data no model was trained on (debates from 2020, tweets of 2021-22; the calibration
    data, which fits two numbers per model and the threshold, not the ranking)."""
    texts, labels = recent_sets()[name]
    precise, fast = np.array(precise_scores(texts)), np.array(fast_scores(texts))
    assert auc(labels, precise) > auc(labels, fast) + 0.02
    assert f1_at(labels, precise, CHECKWORTHY_THRESHOLD)[2] > f1_at(labels, fast, CHECKWORTHY_THRESHOLD)[2]


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


def test_a_lone_surrogate_is_scored_not_refused():
    # extract() takes any str; the tokenizer takes UTF-8 only, so the scorer reads it as U+FFFD.
    [score] = precise_scores(["Unemployment fell to \ud8003.5 percent."])
    assert score == precise_scores(["Unemployment fell to \ufffd3.5 percent."])[0]
