"""Train the check-worthiness model and write the shipped artefact.

    python -m training.train [--data DIR] [--output DIR] [--c C]

Trains on train + dev of the CLEF-2024 CheckThat! English check-worthiness set, picks the
regularisation by 5-fold cross-validation on train + dev (the smallest C
within 0.005 F1 of the best), calibrates (Platt) and chooses the
threshold on out-of-fold scores of train + dev (the one with the best F1 there), and only then
reports on dev-test, which it never
trains, tunes or calibrates on. Writes the artefact the run-time scorer loads (claims/extraction/model/
by default). Needs scikit-learn (training only: requirements-train.txt).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

from claims.extraction import features
from claims.extraction.scorer import MODEL_DIR, MODEL_VERSION, CheckWorthinessModel
from training.datasets import CHECKWORTHINESS, HELD_OUT_FILE, TRAIN_FILES, load_sentences

C_GRID = (0.5, 1.0, 2.0, 4.0)
FOLDS = 5
C_TOLERANCE = 0.005
MIN_DF = 2
SEED = 20241


def build_vocabulary(terms_per_text: list[list[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    """Terms seen in at least min_df texts, in sorted order, with smoothed idf as scikit-learn computes it."""
    document_frequency: dict[str, int] = {}
    for terms in terms_per_text:
        for term in set(terms):
            document_frequency[term] = document_frequency.get(term, 0) + 1
    kept = sorted(term for term, df in document_frequency.items() if df >= min_df)
    n = len(terms_per_text)
    idf = np.array([math.log((1 + n) / (1 + document_frequency[t])) + 1.0 for t in kept])
    return {term: i for i, term in enumerate(kept)}, idf


def build_bucket_vocabulary(folded: list[str], min_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character n-gram buckets seen in at least min_df texts, with smoothed idf."""
    rows, buckets = features.char_hashes(folded)
    pairs = np.unique(rows * (1 << features.CHAR_HASH_BITS) + buckets)
    document_frequency = np.bincount(pairs % (1 << features.CHAR_HASH_BITS), minlength=1 << features.CHAR_HASH_BITS)
    kept = np.flatnonzero(document_frequency >= min_df)
    n = len(folded)
    return kept, np.log((1 + n) / (1 + document_frequency[kept])) + 1.0


def design_matrix(texts: list[str], model: CheckWorthinessModel):
    """The sparse matrix the linear model sees: word block, character block, hand features."""
    from scipy.sparse import csr_matrix, hstack

    blocks, hand = model.feature_blocks(texts)
    matrices = [csr_matrix((values, (rows, columns)), shape=(len(texts), width)) for rows, columns, values, width in blocks]
    return hstack([*matrices, csr_matrix(hand)]).tocsr()


def fit(matrix, labels: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs").fit(matrix, labels)


def f1_at(labels: np.ndarray, scores: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    true_positive = float(np.sum(predicted & (labels == 1)))
    precision = true_positive / max(float(predicted.sum()), 1.0)
    recall = true_positive / max(float(labels.sum()), 1.0)
    # 2TP / (predicted + actual positives): the same F1, in one exact division.
    f1 = 2 * true_positive / max(float(predicted.sum() + labels.sum()), 1.0)
    return precision, recall, f1


def calibration_table(labels: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean score, share of positives) for equal-width score bins."""
    table = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (probabilities >= low) & ((probabilities < high) if high < 1.0 else (probabilities <= high))
        if inside.any():
            table.append((f"{low:.1f}-{high:.1f}", int(inside.sum()), float(probabilities[inside].mean()), float(labels[inside].mean())))
    return table


def print_quality(labels: np.ndarray, probabilities: np.ndarray, threshold: float, title: str, out=sys.stdout) -> None:
    precision, recall, f1 = f1_at(labels, probabilities, threshold)
    print(f"{title}: n={len(labels)} positives={int(labels.sum())} threshold={threshold:.3f}", file=out)
    print(f"  positive class: P={precision:.3f} R={recall:.3f} F1={f1:.3f}", file=out)
    brier = float(np.mean((probabilities - labels) ** 2))
    print(f"  Brier score={brier:.4f}", file=out)
    print("  score bin | sentences | mean score | share check-worthy", file=out)
    for name, count, mean, share in calibration_table(labels, probabilities):
        print(f"  {name:9} | {count:9d} | {mean:10.3f} | {share:.3f}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=CHECKWORTHINESS, help="folder with the CT24 English TSV files")
    parser.add_argument("--output", type=Path, default=MODEL_DIR, help="folder the artefact is written to")
    parser.add_argument("--c", type=float, default=None, help="fix the regularisation instead of cross-validating it")
    args = parser.parse_args(argv)

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    started = time.perf_counter()
    texts: list[str] = []
    labels_parts = []
    for name in TRAIN_FILES:
        part_texts, part_labels = load_sentences(args.data / name)
        texts += part_texts
        labels_parts.append(part_labels)
    labels = np.concatenate(labels_parts)
    held_out_texts, held_out_labels = load_sentences(args.data / HELD_OUT_FILE)
    print(f"train+dev: {len(texts)} sentences ({int(labels.sum())} check-worthy); dev-test: {len(held_out_texts)}")

    folded = [features.fold(t) for t in texts]
    word_vocabulary, word_idf = build_vocabulary([features.word_terms(f) for f in folded], MIN_DF)
    char_buckets, char_idf = build_bucket_vocabulary(folded, MIN_DF)
    n_hand = len(features.HAND_FEATURE_NAMES)
    vectoriser = CheckWorthinessModel(
        word_vocabulary=word_vocabulary, word_idf=word_idf, word_coef=np.zeros(len(word_idf)),
        char_buckets=char_buckets, char_idf=char_idf, char_coef=np.zeros(len(char_idf)),
        hand_coef=np.zeros(n_hand), intercept=0.0, platt_a=1.0, platt_b=0.0, threshold=0.5,
    )
    matrix = design_matrix(texts, vectoriser)
    held_out_matrix = design_matrix(held_out_texts, vectoriser)
    print(f"features: {len(word_idf)} word n-grams, {len(char_idf)} hashed character n-grams, {n_hand} hand-made")

    folds = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(matrix, labels))
    candidates = (args.c,) if args.c is not None else C_GRID
    results = []
    for c in candidates:
        out_of_fold = np.zeros(len(labels))
        for train_index, test_index in folds:
            out_of_fold[test_index] = fit(matrix[train_index], labels[train_index], c).decision_function(matrix[test_index])
        best_f1 = max(f1_at(labels, out_of_fold, t)[2] for t in np.linspace(-2, 2, 81))
        print(f"  C={c}: best out-of-fold F1 {best_f1:.3f}")
        results.append((best_f1, c, out_of_fold))
    # The strongest regularisation within C_TOLERANCE of the best: it carries over better to news.
    top = max(f1 for f1, _, _ in results)
    _, c, out_of_fold = min((r for r in results if r[0] >= top - C_TOLERANCE), key=lambda r: r[1])

    # Platt scaling on out-of-fold decision values of train + dev, never on dev-test.
    platt = LogisticRegression(C=1e6).fit(out_of_fold.reshape(-1, 1), labels)
    platt_a, platt_b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    out_of_fold_probability = 1.0 / (1.0 + np.exp(-(platt_a * out_of_fold + platt_b)))
    thresholds = np.round(np.arange(0.20, 0.801, 0.01), 2)
    f1s = np.array([f1_at(labels, out_of_fold_probability, t)[2] for t in thresholds])
    # Chosen on out-of-fold scores only: dev-test never decides anything.
    threshold = float(thresholds[int(np.argmax(f1s))])
    print(
        f"chosen C={c}; Platt a={platt_a:.4f} b={platt_b:.4f}; "
        f"threshold {threshold:.2f} (highest out-of-fold F1, {f1s.max():.3f})"
    )
    print_quality(labels, out_of_fold_probability, threshold, "out-of-fold train+dev (calibration data)")

    final = fit(matrix, labels, c)
    coef = final.coef_[0]
    n_word, n_char = len(word_idf), len(char_idf)
    model = CheckWorthinessModel(
        word_vocabulary=word_vocabulary, word_idf=word_idf, word_coef=coef[:n_word],
        char_buckets=char_buckets, char_idf=char_idf, char_coef=coef[n_word : n_word + n_char],
        hand_coef=coef[n_word + n_char :], intercept=float(final.intercept_[0]),
        platt_a=platt_a, platt_b=platt_b, threshold=threshold,
    )
    held_out_decision = final.decision_function(held_out_matrix)
    held_out_probability = 1.0 / (1.0 + np.exp(-(platt_a * held_out_decision + platt_b)))
    print_quality(held_out_labels, held_out_probability, threshold, "dev-test (held out)")
    precision, recall, f1 = f1_at(held_out_labels, held_out_probability, threshold)

    # Reference scores from scikit-learn, so tests can prove the run-time scorer reproduces them.
    reference_index = list(range(0, len(held_out_texts), 16))
    reference = {
        "texts": [held_out_texts[i] for i in reference_index],
        "probabilities": [float(held_out_probability[i]) for i in reference_index],
    }
    metadata = {
        "model_version": MODEL_VERSION,
        "trained_on": list(TRAIN_FILES),
        "sentences": len(texts),
        "c": c,
        "min_df": MIN_DF,
        "folds": FOLDS,
        "platt": [platt_a, platt_b],
        "threshold": threshold,
        "threshold_rule": f"best out-of-fold F1 on train + dev ({threshold:.2f})",
        "dev_test": {"precision": precision, "recall": recall, "f1": f1, "n": len(held_out_texts)},
        "command": "python -m training.train",
        "reference": reference,
    }
    model.save(args.output, metadata)
    print(f"wrote {args.output} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
