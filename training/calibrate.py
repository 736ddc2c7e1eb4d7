"""Calibrate both check-worthiness models on recent data and choose the one threshold.

    python -m training.calibrate

Recent data: CT24 dev-test (debate sentences from 2020 on) and CT22 English dev (2021-22 tweets),
the two sets no model was trained on. Each model's score becomes a probability by logistic
regression on these sets: the fast model's on its decision value, the precise model's on the
encoder's logit, with the linear decision value beside it only if that cross-fits better by
STACK_MARGIN or more.
The threshold is the probability with the best F1 there.

News (claims of articles) gets a map of its own on top, fitted on the labelled news sample
(`training/news/sample.tsv`: political news of 2015-16 and 1987 wire copy): a logistic map of the
sentence score's logit, moved so that the shared threshold is the best-F1 cut on news as it is on
the recent sentences. Check-worthy news is rarer (16% of the sample) and harder to tell than in
debates, so without it 73% of news claims scored above the threshold.

Honest figures need data that decided nothing, so every figure printed is cross-fitted: the sets
are split in two halves (stratified by set and label) 20 times; the map and threshold are fitted
on one half and judged on the other. The shipped map and threshold are then fitted on all of it.
Writes claims/extraction/model/checkworthiness-calibration.json. Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from claims.extraction.encoder import CALIBRATION_FILE, MODEL_DIR, EncoderModel
from claims.extraction.scorer import MODEL_VERSION, CheckWorthinessModel
from training.datasets import (
    CHECKWORTHINESS, CT22_DEV_FILE, CT22_ENGLISH, HELD_OUT_FILE, NEWS_SAMPLE, load_news, load_sentences, load_tweets
)
from training.train import calibration_table, f1_at


ENCODER_VERSION = "cw-en-minilm6-1"
# What claims record as their scorer: the encoder and the calibration (2: the news map) it is read through.
PRECISE_VERSION = f"{ENCODER_VERSION}/cal-2"
REPEATS = 20
STACK_MARGIN = 0.01
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def recent_sets() -> dict[str, tuple[list[str], np.ndarray]]:
    return {
        "debates 2020+ (CT24 dev-test)": load_sentences(CHECKWORTHINESS / HELD_OUT_FILE),
        "tweets 2021-22 (CT22 en dev)": load_tweets(CT22_ENGLISH / CT22_DEV_FILE),
    }


def fit_map(inputs: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=100.0, max_iter=1000).fit(inputs, labels)
    return fitted.coef_[0].astype(np.float64), float(fitted.intercept_[0])


def probabilities(inputs: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(inputs @ weights + bias)))


def best_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    f1s = [f1_at(labels, scores, t)[2] for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(f1s))])


def cross_fit(inputs: np.ndarray, labels: np.ndarray, strata: np.ndarray) -> dict:
    """Per repeat: fit map and threshold on one half, judge the other; F1 per set, and pooled scores."""
    f1_by_set: dict[int, list[float]] = {int(s): [] for s in np.unique(strata)}
    thresholds = []
    first_repeat = np.zeros(len(labels))
    for repeat in range(REPEATS):
        rng = np.random.default_rng(repeat)
        half = np.zeros(len(labels), dtype=bool)
        for stratum in np.unique(strata * 2 + labels):
            members = rng.permutation(np.flatnonzero(strata * 2 + labels == stratum))
            half[members[: len(members) // 2]] = True
        for fit_on, judge in ((half, ~half), (~half, half)):
            weights, bias = fit_map(inputs[fit_on], labels[fit_on])
            threshold = best_threshold(labels[fit_on], probabilities(inputs[fit_on], weights, bias))
            thresholds.append(threshold)
            judged = probabilities(inputs[judge], weights, bias)
            if repeat == 0:
                first_repeat[judge] = judged
            for s in f1_by_set:
                inside = strata[judge] == s
                f1_by_set[s].append(f1_at(labels[judge][inside], judged[inside], threshold)[2])
    return {"f1_by_set": {s: (float(np.mean(v)), float(np.std(v))) for s, v in f1_by_set.items()},
            "thresholds": (float(np.mean(thresholds)), float(np.std(thresholds))), "scores": first_repeat}


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def fit_news_map(z: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    """(a, b) of the news map sigmoid(a * z + b) of a sentence logit z: logistic on the news labels,
    moved so that `threshold` falls where the best-F1 cut on news does."""
    weights, bias = fit_map(z.reshape(-1, 1), labels)
    best = best_threshold(labels, probabilities(z.reshape(-1, 1), weights, bias))
    return float(weights[0]), bias + _logit(threshold) - _logit(best)


def cross_fit_news(z: np.ndarray, labels: np.ndarray, sources: np.ndarray, threshold: float) -> dict:
    """F1 and share flagged at `threshold` per source, the news map fitted on one half and judged on the
    other (REPEATS x 2, stratified by source and label); beside them the sentence map's on the same halves."""
    found: dict[str, dict[str, list[float]]] = {}
    strata = np.unique(sources, return_inverse=True)[1] * 2 + labels
    for repeat in range(REPEATS):
        rng = np.random.default_rng(repeat)
        half = np.zeros(len(labels), dtype=bool)
        for stratum in np.unique(strata):
            members = rng.permutation(np.flatnonzero(strata == stratum))
            half[members[: len(members) // 2]] = True
        for fit_on, judge in ((half, ~half), (~half, half)):
            a, b = fit_news_map(z[fit_on], labels[fit_on], threshold)
            scored = {"news map": 1 / (1 + np.exp(-(a * z[judge] + b))), "sentence map": 1 / (1 + np.exp(-z[judge]))}
            for source in ["all", *np.unique(sources)]:
                inside = np.ones(judge.sum(), dtype=bool) if source == "all" else sources[judge] == source
                for name, scores in scored.items():
                    cell = found.setdefault(f"{source} | {name}", {"f1": [], "flagged": []})
                    cell["f1"].append(f1_at(labels[judge][inside], scores[inside], threshold)[2])
                    cell["flagged"].append(float(np.mean(scores[inside] >= threshold)))
    return {key: {what: round(float(np.mean(v)), 4) for what, v in cell.items()} for key, cell in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)

    sets = recent_sets()
    names = list(sets)
    texts = [t for name in names for t in sets[name][0]]
    labels = np.concatenate([sets[name][1] for name in names])
    strata = np.concatenate([np.full(len(sets[name][0]), i) for i, name in enumerate(names)])
    linear = CheckWorthinessModel.load(args.model).decision_function(texts)
    encoder = EncoderModel(args.model).logits(texts)
    candidates = {
        "fast: linear": linear.reshape(-1, 1),
        "precise: encoder": encoder.reshape(-1, 1),
        "precise: encoder + linear": np.column_stack([encoder, linear]),
    }
    results = {}
    print(f"cross-fitted on recent data ({REPEATS} x 2 halves): F1 of the check-worthy class, mean ± sd")
    for name, inputs in candidates.items():
        results[name] = cross_fit(inputs, labels, strata)
        cells = "; ".join(f"{names[s]} {m:.3f} ± {sd:.3f}" for s, (m, sd) in results[name]["f1_by_set"].items())
        print(f"  {name:26} {cells}; threshold {results[name]['thresholds'][0]:.2f} ± {results[name]['thresholds'][1]:.2f}")

    def pooled(name: str) -> float:
        return float(np.mean([m for m, _ in results[name]["f1_by_set"].values()]))

    # The linear model beside the encoder only if it clearly pays: its n-grams are what fails on news.
    precise_name = ("precise: encoder + linear" if pooled("precise: encoder + linear") >= pooled("precise: encoder") + STACK_MARGIN
                    else "precise: encoder")
    inputs = candidates[precise_name]
    weights, bias = fit_map(inputs, labels)
    if inputs.shape[1] == 1:
        weights = np.array([weights[0], 0.0])
    threshold = best_threshold(labels, probabilities(np.column_stack([encoder, linear]), weights, bias))
    fast_weights, fast_bias = fit_map(linear.reshape(-1, 1), labels)
    print(f"shipped: {precise_name} (linear beside the encoder only if it adds {STACK_MARGIN} mean F1); threshold {threshold:.2f} on all recent data")
    print("calibration on recent data (cross-fitted scores, first repeat): bin | sentences | mean score | share check-worthy")
    for name, count, mean, share in calibration_table(labels, results[precise_name]["scores"]):
        print(f"  {name:9} | {count:9d} | {mean:10.3f} | {share:.3f}")

    news_texts, news_labels, news_sources = load_news()
    news_sources = np.array(news_sources)
    news_inputs = np.column_stack([EncoderModel(args.model).logits(news_texts),
                                   CheckWorthinessModel.load(args.model).decision_function(news_texts)])
    news_z = {"precise": news_inputs @ weights + bias, "fast": fast_weights[0] * news_inputs[:, 1] + fast_bias}
    news = {"calibrated_on": f"{NEWS_SAMPLE.parent.name}/{NEWS_SAMPLE.name}: {len(news_texts)} news sentences, "
                             f"{news_labels.mean():.1%} check-worthy"}
    print(f"news map ({news['calibrated_on']}), cross-fitted ({REPEATS} x 2 halves) at the threshold {threshold:.2f}:")
    print("  model | sentences | map | F1 | share flagged")
    for model_name, z in news_z.items():
        a, b = fit_news_map(z, news_labels, threshold)
        figures = cross_fit_news(z, news_labels, news_sources, threshold)
        news[model_name] = {"a": a, "b": b, "cross_fitted": figures}
        for key, cell in figures.items():
            print(f"  {model_name} | {key} | {cell['f1']:.3f} | {cell['flagged']:.1%}")

    reference_texts = texts[::25]
    reference_inputs = np.column_stack([encoder, linear])[::25]
    calibration = {
        "threshold": threshold,
        "precise": {"model": PRECISE_VERSION, "inputs": ["encoder logit", "linear decision value"],
                    "weights": [float(w) for w in weights], "bias": bias, "chosen_as": precise_name},
        "fast": {"model": MODEL_VERSION, "a": float(fast_weights[0]), "b": fast_bias},
        "calibrated_on": names,
        "news": news,
        "cross_fitted_f1": {name: {names[s]: round(m, 4) for s, (m, _) in r["f1_by_set"].items()} for name, r in results.items()},
        "command": "python -m training.calibrate",
        # Scores these texts must get at run time (tests/extraction/test_model.py).
        "reference": {"texts": reference_texts,
                      "precise": [float(p) for p in probabilities(reference_inputs, weights, bias)],
                      "fast": [float(p) for p in probabilities(linear[::25].reshape(-1, 1), fast_weights, fast_bias)],
                      "news_texts": news_texts[::25],
                      "news_precise": [float(1 / (1 + np.exp(-(news["precise"]["a"] * z + news["precise"]["b"]))))
                                       for z in news_z["precise"][::25]],
                      "news_fast": [float(1 / (1 + np.exp(-(news["fast"]["a"] * z + news["fast"]["b"]))))
                                    for z in news_z["fast"][::25]]},
    }
    (args.model / CALIBRATION_FILE).write_text(json.dumps(calibration, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.model / CALIBRATION_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
