"""Matching speed at scale: `matching.search` and `matches_for_texts` for one claim over 100,000
fact-checks, beside the raw baseline (plain SQL full-text ranking, no encoder, no rerank) in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ct_match_bench python -m bench.matching [--fact-checks 100000]

The fact-checks are the 10,375 Snopes verified claims, repeated with perturbed words, publishers,
languages and dates. Their vectors: the originals' (encoded once) with small noise, normalised, so
filling takes a minute rather than the encoder's ~6 (the search cost does not depend on the values);
encoding the originals shows the indexing speed. A marker keeps a filled database for the next run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ct_match_bench")
    import dj_database_url
    import psycopg2

    settings = dj_database_url.parse(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                             password=settings["PASSWORD"] or None, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    admin.close()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


SITES = [("Snopes", "snopes.com"), ("PolitiFact", "politifact.com"), ("Full Fact", "fullfact.org"),
         ("AFP Fact Check", "factcheck.afp.com"), ("Les Décodeurs", "lemonde.fr")]
LANGUAGES = ["en"] * 8 + ["fr", "nl"]


def _perturbed(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 4:
        for _ in range(2):
            i = rng.randrange(len(words))
            words[i] = words[i] + rng.choice(["s", "ed", "", "ly"])
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


def fill(count: int, seed: int = 16) -> None:
    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from factchecks.models import FactCheck, Publisher
    from matching.encoder import shipped_encoder
    from matching.index import indexed_text, to_int8
    from matching.ranking import search_config
    from training.matching import load_snopes

    marker = f"ct_match_bench {count} {seed} {shipped_encoder().version}"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_matching_dataset (marker text)")
        cursor.execute("SELECT marker FROM bench_matching_dataset")
        if (cursor.fetchone() or [None])[0] == marker:
            print(f"Reusing {count:,} fact-checks ({marker}).")
            return
        cursor.execute("TRUNCATE matching_factcheckvector, factchecks_factcheck CASCADE; DELETE FROM bench_matching_dataset")
    _, claims, titles, _ = load_snopes()
    rng = random.Random(seed)
    publishers = [Publisher.objects.get_or_create(site=site, defaults={"name": name})[0] for name, site in SITES]
    started = time.perf_counter()
    base = shipped_encoder().encode([indexed_text(c, t) for c, t in zip(claims, titles)])
    print(f"Encoded the {len(claims):,} originals in {time.perf_counter() - started:.0f} s.")
    now = timezone.now()
    from psycopg2.extras import execute_values

    for first in range(0, count, 5000):
        rows, vectors, texts = [], [], []
        for n in range(first, min(count, first + 5000)):
            k = n % len(claims)
            claim = claims[k] if n < len(claims) else _perturbed(claims[k], rng)
            publisher = publishers[rng.randrange(len(publishers))]
            rows.append(FactCheck(
                key=f"https://{publisher.site}/bench/{n}", url=f"https://{publisher.site}/bench/{n}", publisher=publisher,
                title=titles[k], claim_reviewed=claim, language=rng.choice(LANGUAGES), source="bench",
                review_date=now - timezone.timedelta(days=rng.randrange(3650)), textual_rating="False"))
            noise = base[k] + (0 if n < len(claims) else np.random.default_rng(n).normal(0, 0.02, base.shape[1]))
            vectors.append(noise / np.linalg.norm(noise))
            texts.append(indexed_text(claim, titles[k]))
        created = FactCheck.objects.bulk_create(rows)
        packed = to_int8(np.array(vectors, dtype=np.float32))
        with connection.cursor() as cursor:
            execute_values(cursor.cursor, "INSERT INTO matching_factcheckvector (fact_check_id, model, text_hash, vector, search_vector) VALUES %s",
                           [(fc.id, shipped_encoder().version, "bench", packed[i].tobytes(), search_config(fc.language), texts[i])
                            for i, fc in enumerate(created)],
                           template="(%s, %s, %s, %s, to_tsvector(%s::regconfig, %s))")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE factchecks_factcheck; ANALYZE matching_factcheckvector")
        cursor.execute("INSERT INTO bench_matching_dataset VALUES (%s)", [marker])
    print(f"Filled {count:,} fact-checks in {time.perf_counter() - started:.0f} s.")


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def baseline(query: str) -> list[int]:
    """The raw limit: the query's lexemes OR-ed, the first 1,000 matches ranked by ts_rank, top 10."""
    from django.db import connection

    from matching.ranking import LEXICAL_MATCHES_RANKED, or_tsquery

    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('english', %s))", [query])
        expression = or_tsquery(cursor.fetchone()[0] or [])
        if not expression:
            return []
        cursor.execute(
            f"""SELECT f.id, f.claim_reviewed FROM (SELECT fact_check_id, search_vector FROM matching_factcheckvector
                   WHERE search_vector @@ %s::tsquery LIMIT {LEXICAL_MATCHES_RANKED}) m
                JOIN factchecks_factcheck f ON f.id = m.fact_check_id
                ORDER BY ts_rank(m.search_vector, %s::tsquery) DESC, f.id LIMIT 10""", [expression, expression])
        return [row[0] for row in cursor.fetchall()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fact-checks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    _setup()
    fill(args.fact_checks)

    import matching
    from claims.extraction.encoder import scorer_threads
    from matching.index import cache
    from training.matching import load_snopes

    _, claims, _, splits = load_snopes()
    tweets = splits["dev"][1]
    # Three in four are dev tweets, one in four a claim's first eight words (short: the trigram road too).
    short = [" ".join(claim.split()[:8]) for claim in random.Random(7).sample(claims, args.queries)]
    queries = [tweets[i % len(tweets)] if i % 4 else short[i] for i in range(args.queries)]
    started = time.perf_counter()
    cache("factcheck"), cache("claim")
    print(f"Vectors loaded into the process in {time.perf_counter() - started:.2f} s "
          f"({len(cache('factcheck').ids):,} rows, {cache('factcheck').matrix.nbytes / 1e6:.0f} MB as float32).")
    for query in queries[:10]:  # warm up
        matching.search(query)
        baseline(query)

    def timed(run) -> tuple[float, float]:
        times = []
        for query in queries:
            t = time.perf_counter()
            run(query)
            times.append(time.perf_counter() - t)
        return percentiles(times)

    rows = [
        ("raw baseline: SQL full text (OR of the lexemes, ts_rank), no encoder, no rerank", timed(baseline)),
        ("matching.search (limit 10)", timed(lambda q: matching.search(q))),
        ("matching.search, language=en and publisher_site=snopes.com", timed(lambda q: matching.search(q, language="en", publisher_site="snopes.com"))),
        ("matching.search, max_age_days=365", timed(lambda q: matching.search(q, max_age_days=365))),
        ("matches_for_texts, one claim (limit 5)", timed(lambda q: matching.matches_for_texts([q], ["en"]))),
    ]
    print(f"\n### Matching speed: {len(cache('factcheck').ids):,} fact-checks, {len(queries)} queries "
          f"(3 in 4 dev tweets, 1 in 4 a claim's first 8 words), one process, {scorer_threads()} encoder threads\n")
    print("| what | p50 | p95 |\n|---|---:|---:|")
    for what, (p50, p95) in rows:
        print(f"| {what} | {p50:.1f} ms | {p95:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
