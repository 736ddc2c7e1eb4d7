"""Check-worthiness scores, from two models calibrated on the same recent data (debates from 2020
on and 2021-22 tweets), so that one threshold means the same for both:

- fast: the linear model (`scorer`), about 10,000 sentences/s; ingest stores it first;
- precise: the fine-tuned MiniLM encoder (`encoder`), combined with the linear model's score as
  the calibration says; about 200 sentences/s, so it re-scores stored claims in the background.

The calibration (`model/checkworthiness-calibration.json`, written by `python -m training.calibrate`)
gives each model's logistic map and the threshold. Claims of articles are news (`genre=NEWS`): a
second map, fitted on labelled news, puts the threshold where the best-F1 cut on news is. Without it
the sentence map flagged 73% of news claims, where 16% of a labelled news sample is check-worthy.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from claims.extraction.encoder import load_calibration, shipped_encoder
from claims.extraction.scorer import MODEL_VERSION, shipped_model


try:
    _CALIBRATION = load_calibration()
except FileNotFoundError:  # only while `training.calibrate` itself runs for the first time
    _CALIBRATION = {"threshold": 0.5, "precise": {"model": "uncalibrated", "weights": [1.0, 0.0], "bias": 0.0},
                    "fast": {"a": 1.0, "b": 0.0}}
# Genres: isolated sentences (debates, tweets: the data the models learned from) and claims of articles.
SENTENCES, NEWS = "sentences", "news"
FAST_MODEL: str = MODEL_VERSION
PRECISE_MODEL: str = _CALIBRATION["precise"]["model"]
# The calibrated score with the best F1 on the recent data (cross-fitted figures in BENCHMARKS.md).
CHECKWORTHY_THRESHOLD: float = float(_CALIBRATION["threshold"])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60.0, 60.0)))


@lru_cache(maxsize=1)
def _maps() -> tuple[np.ndarray, float, float, float]:
    precise, fast = _CALIBRATION["precise"], _CALIBRATION["fast"]
    return np.array(precise["weights"], dtype=np.float64), float(precise["bias"]), float(fast["a"]), float(fast["b"])


def _in_genre(logits: np.ndarray, model: str, genre: str) -> list[float]:
    if genre == NEWS and "news" in _CALIBRATION:
        news = _CALIBRATION["news"][model]
        logits = news["a"] * logits + news["b"]
    elif genre not in (SENTENCES, NEWS):
        raise ValueError(f"unknown genre {genre!r}")
    return [float(p) for p in _sigmoid(logits)]


def fast_scores(texts: list[str], genre: str = SENTENCES) -> list[float]:
    """Calibrated check-worthiness (0..1) of each text as one sentence of `genre`, by the linear model."""
    if not texts:
        return []
    _, _, a, b = _maps()
    return _in_genre(a * shipped_model().decision_function(list(texts)) + b, "fast", genre)


def precise_scores(texts: list[str], genre: str = SENTENCES) -> list[float]:
    """Calibrated check-worthiness (0..1) of each text as one sentence of `genre`, by the encoder (and
    linear) model."""
    if not texts:
        return []
    texts = list(texts)
    weights, bias, _, _ = _maps()
    raw = weights[0] * shipped_encoder().logits(texts) + bias
    if weights[1]:  # the calibration keeps the linear model beside the encoder
        raw += weights[1] * shipped_model().decision_function(texts)
    return _in_genre(raw, "precise", genre)


def score_sentences(texts: list[str], genre: str = SENTENCES) -> list[float]:
    """The product's best check-worthiness of each text taken as one sentence (the precise model)."""
    return precise_scores(texts, genre)
