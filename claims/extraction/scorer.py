"""Check-worthiness scorer: a calibrated linear model over tf-idf word and character n-grams.

The artefact is an .npz of plain arrays (no pickle) plus a JSON file of metadata; numpy is the
only run-time dependency.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from claims.extraction import features

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_VERSION = "cw-en-linear-1"
ARRAYS_FILE = "checkworthiness.npz"
METADATA_FILE = "checkworthiness.json"


def _terms_to_bytes(vocabulary: dict[str, int]) -> np.ndarray:
    ordered = sorted(vocabulary, key=vocabulary.__getitem__)
    return np.frombuffer("\n".join(ordered).encode("utf-8"), dtype=np.uint8)


def _bytes_to_terms(array: np.ndarray) -> dict[str, int]:
    text = array.tobytes().decode("utf-8")
    return {term: i for i, term in enumerate(text.split("\n"))} if text else {}


@dataclass
class CheckWorthinessModel:
    word_vocabulary: dict[str, int]
    word_idf: np.ndarray
    word_coef: np.ndarray
    char_buckets: np.ndarray  # hashed character n-gram buckets kept, in column order
    char_idf: np.ndarray
    char_coef: np.ndarray
    hand_coef: np.ndarray
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float

    def __post_init__(self) -> None:
        self.char_column_of_bucket = np.full(1 << features.CHAR_HASH_BITS, -1, dtype=np.int64)
        self.char_column_of_bucket[self.char_buckets] = np.arange(len(self.char_buckets), dtype=np.int64)

    def feature_blocks(self, texts: list[str]):
        """The word and character tf-idf blocks as (rows, columns, values, width), and the hand-made features."""
        folded = [features.fold(t) for t in texts]
        words = [features.word_terms(f) for f in folded]
        blocks = []
        rows, columns = features.term_indices(words, self.word_vocabulary)
        blocks.append((*features.tfidf_entries(rows, columns, len(texts), len(self.word_idf), self.word_idf), len(self.word_idf)))
        rows, buckets = features.char_hashes(folded)
        columns = self.char_column_of_bucket[buckets]
        known = columns >= 0
        rows, columns = rows[known], columns[known]
        blocks.append((*features.tfidf_entries(rows, columns, len(texts), len(self.char_idf), self.char_idf), len(self.char_idf)))
        hand = np.array([features.hand_features(t, w) for t, w in zip(texts, words)], dtype=np.float64)
        return blocks, hand.reshape(len(texts), len(features.HAND_FEATURE_NAMES))

    def decision_function(self, texts: list[str]) -> np.ndarray:
        n = len(texts)
        decision = np.full(n, self.intercept, dtype=np.float64)
        if n == 0:
            return decision
        blocks, hand = self.feature_blocks(texts)
        for (rows, columns, values, _), coef in zip(blocks, (self.word_coef, self.char_coef)):
            decision += np.bincount(rows, weights=values * coef[columns], minlength=n)
        decision += hand @ self.hand_coef
        return decision

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.platt_a * self.decision_function(texts) + self.platt_b)))

    def save(self, directory: Path, metadata: dict) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / ARRAYS_FILE,
            word_terms=_terms_to_bytes(self.word_vocabulary),
            word_idf=self.word_idf.astype(np.float64),
            word_coef=self.word_coef.astype(np.float64),
            char_buckets=self.char_buckets.astype(np.int32),
            char_idf=self.char_idf.astype(np.float64),
            char_coef=self.char_coef.astype(np.float64),
            hand_coef=np.asarray(self.hand_coef, dtype=np.float64),
            scalars=np.array([self.intercept, self.platt_a, self.platt_b, self.threshold], dtype=np.float64),
        )
        metadata = {**metadata, "hand_features": list(features.HAND_FEATURE_NAMES)}
        (directory / METADATA_FILE).write_text(json.dumps(metadata, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "CheckWorthinessModel":
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as arrays:
            intercept, platt_a, platt_b, threshold = (float(x) for x in arrays["scalars"])
            hand_coef = arrays["hand_coef"]
            if len(hand_coef) != len(features.HAND_FEATURE_NAMES):
                raise ValueError(f"{directory / ARRAYS_FILE}: model has {len(hand_coef)} hand features, code has {len(features.HAND_FEATURE_NAMES)}")
            return cls(
                word_vocabulary=_bytes_to_terms(arrays["word_terms"]),
                word_idf=arrays["word_idf"],
                word_coef=arrays["word_coef"],
                char_buckets=arrays["char_buckets"].astype(np.int64),
                char_idf=arrays["char_idf"],
                char_coef=arrays["char_coef"],
                hand_coef=hand_coef,
                intercept=intercept,
                platt_a=platt_a,
                platt_b=platt_b,
                threshold=threshold,
            )


@lru_cache(maxsize=1)
def shipped_model() -> CheckWorthinessModel:
    return CheckWorthinessModel.load(MODEL_DIR)


def load_metadata(directory: Path = MODEL_DIR) -> dict:
    return json.loads((directory / METADATA_FILE).read_text(encoding="utf-8"))
