"""Quality and speed of the extractor.

    python -m training.benchmark [--data DIR] [--sentences N]

Quality: P/R/F1 of the check-worthy class on dev-test at CHECKWORTHY_THRESHOLD, and a calibration
table (score bins against the share of check-worthy sentences). Speed: sentences per second for
segmentation + attribution + scoring (the whole `extract`), single process, on dataset sentences
joined into pseudo-articles of 20 sentences in paragraphs of 4.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from claims.extraction import CHECKWORTHY_THRESHOLD, EXTRACTOR_VERSION, extract, score_sentences
from training.datasets import CHECKWORTHINESS, HELD_OUT_FILE, TRAIN_FILES, load_sentences
from training.train import print_quality

SENTENCES_PER_ARTICLE = 20
SENTENCES_PER_PARAGRAPH = 4


def pseudo_articles(sentences: list[str]) -> list[str]:
    articles = []
    for first in range(0, len(sentences), SENTENCES_PER_ARTICLE):
        chunk = [s.strip() for s in sentences[first : first + SENTENCES_PER_ARTICLE]]
        paragraphs = [" ".join(chunk[i : i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(chunk), SENTENCES_PER_PARAGRAPH)]
        articles.append("\n\n".join(paragraphs))
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=CHECKWORTHINESS)
    parser.add_argument("--sentences", type=int, default=12_000, help="how many dataset sentences the speed run uses")
    args = parser.parse_args(argv)

    print(f"extractor {EXTRACTOR_VERSION}, threshold {CHECKWORTHY_THRESHOLD:.2f}")
    texts, labels = load_sentences(args.data / HELD_OUT_FILE)
    print_quality(labels, np.array(score_sentences(texts)), CHECKWORTHY_THRESHOLD, "dev-test quality")

    pool, _ = load_sentences(args.data / TRAIN_FILES[0])
    articles = pseudo_articles(pool[: args.sentences])
    extract(articles[0])  # load the model before timing
    started, started_cpu = time.perf_counter(), time.process_time()
    claims = 0
    for article in articles:
        claims += len(extract(article))
    elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    sentences = min(args.sentences, len(pool))
    print(
        f"speed: {sentences} input sentences in {len(articles)} pseudo-articles -> {claims} claims, one process\n"
        f"  wall {elapsed:.2f}s = {sentences / elapsed:,.0f} sentences/s; "
        f"CPU {elapsed_cpu:.2f}s = {sentences / elapsed_cpu:,.0f} sentences/s (the fair figure on a busy machine)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
