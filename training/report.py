"""Every extraction figure in BENCHMARKS.md ("Extraction quality"), from one command.

    python -m training.report [--reuters N] [--speed N]      (make quality)

1. Check-worthiness by cross-validation: out-of-fold scores of the encoder recipe (training/runs/
   cv.npz, written by `python -m training.encoder --runs cv`), by genre, with each fold's threshold
   chosen on the other folds' scores.
2. On splits by date and genre, for the shipped precise and fast models: CT24 dev-test (debates from
   2020 on; the training debates end in 2016) and CT22 English dev (tweets); cross-fitted F1 (the
   calibration and threshold are fitted on these sets, so each half is judged by a fit on the other).
   And the debates-only encoder (training/runs/genre.npz) on all CT22 English tweets.
3. The calibration table on that recent data (cross-fitted scores).
4. PolNeAR dev: claimant accuracy by kind of attribution (training.attribution).
5. News: share of the claims of the first N Reuters articles scored at or above the threshold.
6. Speed: sentences/s of both models and of `extract()` with each, in this one run.
Needs requirements-train.txt (scikit-learn) besides the runtime.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from claims.extraction import (
    CHECKWORTHY_THRESHOLD, FAST_MODEL, NEWS, PRECISE_MODEL, SENTENCES, extract, fast_scores, precise_scores
)
from claims.extraction.encoder import load_calibration, scorer_threads
from training.benchmark import pseudo_articles
from training.calibrate import REPEATS, cross_fit, recent_sets
from training.datasets import CHECKWORTHINESS, REUTERS, TRAIN_FILES, load_sentences
from training.encoder import RUNS_DIR, auc, best_f1
from training.train import calibration_table, f1_at


def section(title: str) -> None:
    print(f"\n## {title}")


def threshold_for(labels: np.ndarray, scores: np.ndarray) -> float:
    candidates = np.quantile(scores, np.linspace(0.01, 0.99, 197))
    return float(max(candidates, key=lambda t: f1_at(labels, scores, t)[2]))


def cross_validation() -> None:
    section("1. Check-worthiness by cross-validation (encoder recipe, out-of-fold)")
    path = RUNS_DIR / "cv.npz"
    if not path.exists():
        print("  no training/runs/cv.npz: run `python -m training.encoder --runs cv`")
        return
    record = json.loads((RUNS_DIR / "record.json").read_text()).get("cv", {})
    with np.load(path) as arrays:
        scores, labels, folds, genre = arrays["out_of_fold"], arrays["labels"], arrays["fold"], arrays["genre"]
    print(f"  recipe: {record.get('recipe')}")
    print("  sentences | genre | folds | AUC | F1, threshold from the other folds (mean ± sd over folds) | F1 at the best threshold")
    for name, inside in (("all", np.ones(len(labels), dtype=bool)), ("debates", genre == "debate"), ("tweets", genre == "tweet")):
        f1s = []
        for fold in np.unique(folds):
            other, this = inside & (folds != fold), inside & (folds == fold)
            f1s.append(f1_at(labels[this], scores[this], threshold_for(labels[other], scores[other]))[2])
        print(f"  {inside.sum():9d} | {name:7} | {len(f1s)} | {auc(labels[inside], scores[inside]):.3f} | "
              f"{np.mean(f1s):.3f} ± {np.std(f1s):.3f} | {best_f1(labels[inside], scores[inside]):.3f}")


def splits() -> tuple[np.ndarray, np.ndarray]:
    section("2. Splits by date and genre (sets no model was trained on)")
    sets = recent_sets()
    names = list(sets)
    texts = [t for name in names for t in sets[name][0]]
    labels = np.concatenate([sets[name][1] for name in names])
    strata = np.concatenate([np.full(len(sets[name][0]), i) for i, name in enumerate(names)])
    calibration = load_calibration()
    from claims.extraction.encoder import shipped_encoder
    from claims.extraction.scorer import shipped_model

    linear = shipped_model().decision_function(texts)
    encoder = shipped_encoder().logits(texts)
    precise, fast = np.array(precise_scores(texts)), np.array(fast_scores(texts))
    inputs = {"precise": np.column_stack([encoder, linear]) if calibration["precise"]["weights"][1] else encoder.reshape(-1, 1),
              "fast": linear.reshape(-1, 1)}
    print(f"  threshold {CHECKWORTHY_THRESHOLD:.2f}; precise = {PRECISE_MODEL} ({calibration['precise'].get('chosen_as')}), fast = {FAST_MODEL}")
    print(f"  set | model | AUC | F1 cross-fitted ({REPEATS} x 2 halves) | F1 at the shipped threshold (fitted on these sets) | F1 at the best threshold")
    crossed = {model: cross_fit(inputs[model], labels, strata) for model in inputs}
    for s, name in enumerate(names):
        inside = strata == s
        for model, scores in (("precise", precise), ("fast", fast)):
            mean, sd = crossed[model]["f1_by_set"][s]
            print(f"  {name} | {model} | {auc(labels[inside], scores[inside]):.3f} | {mean:.3f} ± {sd:.3f} | "
                  f"{f1_at(labels[inside], scores[inside], CHECKWORTHY_THRESHOLD)[2]:.3f} | {best_f1(labels[inside], scores[inside]):.3f}")
    genre_path = RUNS_DIR / "genre.npz"
    if genre_path.exists():
        with np.load(genre_path) as arrays:
            tweets, tweet_labels = arrays["tweets_all"], arrays["tweets_all_labels"]
            debates, debate_labels = arrays["debates_2020"], arrays["debates_2020_labels"]
        threshold = threshold_for(debate_labels, debates)
        print(f"  genre: encoder trained on debates only -> all {len(tweets)} CT22 English tweets: AUC {auc(tweet_labels, tweets):.3f}, "
              f"F1 {f1_at(tweet_labels, tweets, threshold)[2]:.3f} at the threshold best on debates 2020+, "
              f"{best_f1(tweet_labels, tweets):.3f} at the best threshold; on debates 2020+ AUC {auc(debate_labels, debates):.3f}")
    return labels, crossed["precise"]["scores"]


def calibration(labels: np.ndarray, scores: np.ndarray) -> None:
    section("3. Calibration on recent data (precise model, cross-fitted scores)")
    print("  score bin | sentences | mean score | share check-worthy")
    for name, count, mean, share in calibration_table(labels, scores):
        print(f"  {name:9} | {count:9d} | {mean:10.3f} | {share:.3f}")


def attribution() -> None:
    section("4. Claimants: PolNeAR dev, by kind of attribution")
    try:
        from training import attribution as polnear
    except ImportError:
        print("  training.attribution is missing")
        return
    polnear.main(["--compartment", "dev"])


def news_share(articles: int) -> None:
    section(f"5. News: claims of the first {articles} Reuters articles at or above the threshold ({CHECKWORTHY_THRESHOLD:.2f})")
    bodies = []
    with REUTERS.open(encoding="utf-8") as handle:
        for line in handle:
            if len(bodies) == articles:
                break
            bodies.append(json.loads(line)["body"])
    texts = [claim.text for body in bodies for claim in extract(body, precise=False)]
    print(f"  {len(texts)} claims, share at or above the threshold (the target range: 15-45%):")
    for genre, how in ((NEWS, "as news (what the product stores)"), (SENTENCES, "read as sentences (no news map)")):
        precise, fast = np.array(precise_scores(texts, genre)), np.array(fast_scores(texts, genre))
        print(f"  {how}: precise {np.mean(precise >= CHECKWORTHY_THRESHOLD):.1%}, fast {np.mean(fast >= CHECKWORTHY_THRESHOLD):.1%}")
    news = load_calibration()["news"]
    print(f"  news map fitted on {news['calibrated_on']}; cross-fitted (20 x 2 halves) F1 | share flagged:")
    for model in ("precise", "fast"):
        for key, cell in news[model]["cross_fitted"].items():
            print(f"    {model} | {key} | {cell['f1']:.3f} | {cell['flagged']:.1%}")


def speed(sentences: int) -> None:
    section(f"6. Speed, one process, {scorer_threads()} scorer threads (CLAIMTRACKER_SCORER_THREADS)")
    pool, _ = load_sentences(CHECKWORTHINESS / TRAIN_FILES[0])
    texts = pool[:sentences]
    articles = pseudo_articles(texts)
    print("  what | sentences/s wall | sentences/s CPU")
    for name, run in (("fast_scores (linear)", lambda: fast_scores(texts)),
                      ("precise_scores = score_sentences", lambda: precise_scores(texts)),
                      ("extract(precise=False): ingest", lambda: [extract(a, precise=False) for a in articles]),
                      ("extract(): segmentation, claimants, precise scores", lambda: [extract(a) for a in articles])):
        run() if name.startswith("fast") else precise_scores(texts[:20])  # warm up
        started, cpu = time.perf_counter(), time.process_time()
        run()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"  {name} | {len(texts) / wall:,.0f} | {len(texts) / cpu:,.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuters", type=int, default=300, help="Reuters articles for the share flagged")
    parser.add_argument("--speed", type=int, default=2000, help="dataset sentences for the speed run")
    args = parser.parse_args(argv)
    print(f"# Extraction report: precise {PRECISE_MODEL}, fast {FAST_MODEL}, threshold {CHECKWORTHY_THRESHOLD:.2f}")
    cross_validation()
    labels, scores = splits()
    calibration(labels, scores)
    attribution()
    news_share(args.reuters)
    speed(args.speed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
