"""Big articles through the API (issue 13): `POST /api/articles/` with bodies of 64 KB, 256 KB, 1 MB
and 5 MB of real news, served by gunicorn with its default 30 s worker timeout and the statement bound
of `claimtracker.serving`, each beside its raw baselines measured in the same run:

- analysis: cleaning, extraction and language detection of the same body in one process, no database;
- COPY: the very rows the POST wrote (the article and its claims and events), copied back into the
  emptied tables with COPY (indexes, span trigger and checks on): the database's own limit.

Time per MB that stays flat from 64 KB to 5 MB is what linear means here.

    make bench BENCH_ARGS="--only big"     (or: python -m bench.big_articles)
"""

import io
import os
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bench.run import BASE_DIR, Server, _Buffer, copy_columns, libpq_dsn, scratch_database

SIZES = (64 * 1024, 256 * 1024, 1024 * 1024, 5 * 1024 * 1024)
TABLES = ("claims_article", "claims_claim", "claims_claimevent")  # what one article's POST writes
WORKER_TIMEOUT = 30  # gunicorn's default


def news_bodies(sizes) -> list[str]:
    """A body of each size (UTF-8 bytes) of Reuters articles joined by blank lines, taken one after the
    other from the file, so that each is a text of its own (6.3 MB of the file's 10 MB)."""
    from training.datasets import REUTERS

    bodies = []
    with REUTERS.open(encoding="utf-8") as lines:
        for size in sizes:
            parts, length = [], 0
            for line in lines:
                parts.append(json.loads(line)["body"])
                length += len(parts[-1].encode()) + 2
                if length >= size:
                    break
            body = "\n\n".join(parts).encode()[:size].decode(errors="ignore").strip()
            if len(body.encode()) < size * 0.99:
                raise RuntimeError(f"the Reuters file ran out before a body of {size} bytes")
            bodies.append(body)
    return bodies


def _editor_token(env: dict) -> str:
    script = ("from django.contrib.auth.models import Group, User; from rest_framework.authtoken.models import Token; "
              "from claims.models import Role; user, _ = User.objects.get_or_create(username='bench-big-editor'); "
              "user.groups.add(Group.objects.get(name=Role.EDITORS)); "
              "print(Token.objects.get_or_create(user=user)[0].key)")
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=BASE_DIR, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _post(base: str, token: str, title: str, body: str) -> tuple[int, float, int, bytes]:
    data = json.dumps({"title": title, "body": body}).encode()
    request = urllib.request.Request(f"{base}/api/articles/", data=data, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Token {token}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=WORKER_TIMEOUT + 30) as response:
            answer = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        answer, status = error.read(), error.code
    return status, time.perf_counter() - started, len(answer), answer


def _analysis_seconds(title: str, body: str) -> float:
    from claims.ingest.articles import article_analyse, article_clean

    started = time.perf_counter()
    article_analyse(article_clean(title=title, body=body))
    return time.perf_counter() - started


def _copy_seconds(dsn: str, article_id: int) -> float:
    """The article's rows out with COPY, deleted, and COPY'd back in one transaction: the raw write."""
    import psycopg2

    connection = psycopg2.connect(dsn)
    try:
        with connection.cursor() as cursor:
            claims = f"SELECT id FROM claims_claim WHERE article_id = {article_id}"
            filters = {"claims_article": f"id = {article_id}", "claims_claim": f"article_id = {article_id}",
                       "claims_claimevent": f"claim_id IN ({claims})"}
            dumps = {}
            for table in TABLES:
                columns = copy_columns(cursor, table)
                buffer = _Buffer()
                cursor.copy_expert(f"COPY (SELECT {columns} FROM {table} WHERE {filters[table]}) TO STDOUT", buffer)
                dumps[table] = (columns, buffer.getvalue())
            cursor.execute("DELETE FROM claims_claimevent WHERE " + filters["claims_claimevent"])
            cursor.execute(f"DELETE FROM claims_claim WHERE article_id = {article_id}")
            cursor.execute(f"DELETE FROM claims_article WHERE id = {article_id}")
            connection.commit()
            started = time.perf_counter()
            for table in TABLES:
                columns, data = dumps[table]
                cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.BytesIO(data))
            connection.commit()
            return time.perf_counter() - started
    finally:
        connection.close()


def run_big(*, settings_dict: dict, database: str, env: dict, port: int = 8766, sizes=SIZES) -> list[dict]:
    rows = []
    with scratch_database(settings_dict, database, {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}) as env:
        token = _editor_token(env)
        bodies = [(size, f"Big article of {size // 1024} KB", body) for size, body in zip(sizes, news_bodies(sizes))]
        _analysis_seconds("Warm-up", "Models load before the clock starts.")
        server = Server(workers=2, port=port, env=env, timeout=WORKER_TIMEOUT)
        try:
            _post(f"http://127.0.0.1:{port}", token, "Warm-up", "The minister said prices rose 3 percent.")
            for size, title, body in bodies:
                status, seconds, answer_bytes, answer = _post(f"http://127.0.0.1:{port}", token, title, body)
                if status != 201:
                    raise RuntimeError(f"POST of {size} bytes answered {status}: {answer[:500]!r}")
                created = json.loads(answer)
                rows.append({"bytes": len(body.encode()), "characters": len(body), "claims": len(created["claims"]),
                             "status": status, "seconds": seconds, "answer_bytes": answer_bytes,
                             "article_id": created["id"]})
        finally:
            server.stop()
        for row, (size, title, body) in zip(rows, bodies):
            row["analysis_seconds"] = _analysis_seconds(title, body)
            row["copy_seconds"] = _copy_seconds(libpq_dsn(settings_dict, database), row.pop("article_id"))
    return rows


def table(rows: list[dict]) -> str:
    lines = [f"Big articles: POST /api/articles/ through gunicorn (2 workers, --timeout {WORKER_TIMEOUT}), "
             "each beside its baselines in the same run", "",
             "| body | claims | POST s | POST s per MB | analysis alone s | COPY of its rows s | "
             "POST / (analysis + COPY) | answer |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        megabytes = row["bytes"] / 2**20
        baseline = row["analysis_seconds"] + row["copy_seconds"]
        lines.append(f"| {row['bytes'] / 1024:,.0f} KB | {row['claims']:,} | {row['seconds']:.2f} | "
                     f"{row['seconds'] / megabytes:.2f} | {row['analysis_seconds']:.2f} | {row['copy_seconds']:.2f} | "
                     f"{row['seconds'] / baseline:.2f} | {row['status']}, {row['answer_bytes'] / 2**20:.1f} MB |")
    return "\n".join(lines)


def main() -> int:
    from bench import setup

    setup()
    from django.conf import settings
    from django.db import connection

    settings_dict = connection.settings_dict
    env = {**os.environ, "SECRET_KEY": settings.SECRET_KEY}
    rows = run_big(settings_dict=settings_dict, database=f"{settings_dict['NAME']}_big", env=env)
    print(table(rows), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
