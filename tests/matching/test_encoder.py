"""The shipped similarity encoder (matching/model/), checked against the vectors recorded at export."""

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings, strategies as st

from matching.encoder import shipped_encoder

REFERENCE = json.loads((Path(__file__).parent / "reference-embeddings.json").read_text(encoding="utf-8"))


def test_shipped_model_reproduces_the_vectors_recorded_at_export():
    encoder = shipped_encoder()
    assert encoder.version == REFERENCE["version"]
    vectors = encoder.encode(REFERENCE["texts"], batch=1)
    assert (vectors * np.array(REFERENCE["int8"])).sum(1).min() > 0.999
    # int8 against the fp32 PyTorch model it was exported from (measured 0.98 at worst at export).
    assert (vectors * np.array(REFERENCE["torch_fp32"])).sum(1).min() > 0.97


def test_vectors_are_unit_and_batching_moves_them_little():
    encoder = shipped_encoder()
    texts = REFERENCE["texts"]
    alone, batched = encoder.encode(texts, batch=1), encoder.encode(texts)
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-3)
    # int8 activations are quantised per batch: short texts move most (0.97 measured), ranking tolerates it.
    assert (alone * batched).sum(1).min() > 0.95


def test_a_paraphrase_is_nearer_than_another_claim():
    a, b, other = shipped_encoder().encode(REFERENCE["texts"][:3])
    assert a @ b > a @ other + 0.2


def test_nothing_at_all_encodes():
    assert shipped_encoder().encode([]).shape == (0, shipped_encoder().dimensions)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=4))
def test_any_unicode_encodes_to_finite_vectors(texts):
    vectors = shipped_encoder().encode(texts + ["\ud83d lone surrogate"])
    assert np.isfinite(vectors).all()
