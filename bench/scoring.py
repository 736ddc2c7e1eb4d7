"""Check-worthiness scoring speed: the precise model beside the fast one, in the same run.

    python -m bench.scoring [--sentences N]      (make bench BENCH_ARGS="--only scoring")
"""

from __future__ import annotations

import argparse
import time

from claims.extraction import FAST_MODEL, PRECISE_MODEL, extract, fast_scores, precise_scores
from claims.extraction.encoder import scorer_threads
from training.benchmark import pseudo_articles
from training.datasets import CHECKWORTHINESS, TRAIN_FILES, load_sentences


def measure(sentences: int = 2000) -> list[tuple[str, int, float, float]]:
    """(what, sentences, wall s, CPU s) for each scorer and for extract() with each."""
    texts = load_sentences(CHECKWORTHINESS / TRAIN_FILES[0])[0][:sentences]
    articles = pseudo_articles(texts)
    fast_scores(texts[:50]), precise_scores(texts[:50])  # load both models first
    rows = []
    for what, run in ((f"fast_scores ({FAST_MODEL}): the raw baseline", lambda: fast_scores(texts)),
                      (f"precise_scores ({PRECISE_MODEL}) = score_sentences()", lambda: precise_scores(texts)),
                      ("extract(precise=False): what ingest runs", lambda: [extract(a, precise=False) for a in articles]),
                      ("extract(): the product's best scores", lambda: [extract(a) for a in articles])):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        rows.append((what, len(texts), time.perf_counter() - started, time.process_time() - cpu))
    return rows


def table(rows) -> str:
    lines = [f"### Scoring speed, one process, {scorer_threads()} scorer threads", "",
             "| what | sentences | wall | sentences/s | CPU | sentences/s of CPU |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {what} | {n:,} | {wall:.2f} s | {n / wall:,.0f} | {cpu:.2f} s | {n / cpu:,.0f} |" for what, n, wall, cpu in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=2000)
    print(table(measure(parser.parse_args(argv).sentences)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
