"""CSV export's memory: the API's `?format=csv` streaming the 100,000 most check-worthy claims, beside
the raw baseline, PostgreSQL's own `COPY (the same query) TO STDOUT WITH CSV` through psycopg2 into a file.

    python -m bench.csv_export [--rows 100000] [--database postgres://postgres@127.0.0.1:5432/claimtracker_bench]

Each side runs in a fresh process started by this small one (no Django), so that its peak RSS
(getrusage's ru_maxrss, which a process keeps across fork and exec) is its own. The
view is called as a newsroom member (an unsaved staff user: nothing is written) with a
`min_check_worthiness` that the --rows most check-worthy claims meet, its response read to the end
into a file. The baseline runs the SQL Django compiles for that list (same columns, rows and order).
Reads only, after migrating the database as `bench.run` does.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/claimtracker_bench"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _staff_request(query: dict):
    from django.contrib.auth.models import User
    from rest_framework.test import APIRequestFactory, force_authenticate

    request = APIRequestFactory().get("/api/claims/", query, HTTP_HOST="127.0.0.1")
    force_authenticate(request, user=User(id=0, username="bench-staff", is_staff=True, is_active=True))
    return request


def threshold(rows: int) -> float:
    """The check-worthiness that the `rows` most check-worthy claims reach."""
    from claims.models import Claim

    return Claim.objects.order_by("-check_worthiness").values_list("check_worthiness", flat=True)[rows - 1]


def run_view(query: dict, out: str) -> dict:
    from claims.api.views import ClaimViewSet

    view = ClaimViewSet.as_view({"get": "list"})
    before = _rss_mb()
    started = time.perf_counter()
    response = view(_staff_request(query))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response
    written = 0
    with open(out, "wb") as file:
        for chunk in response.streaming_content:
            written += file.write(chunk)
    response.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": written, "rss_before_mb": before, "peak_rss_mb": _peak_rss_mb()}


def view_sql(query: dict) -> str:
    """The SQL the view streams for `query`, parameters bound (for COPY)."""
    import psycopg2
    from django.db import connection

    from claims.api.views import ClaimViewSet
    from claims.review.exports import claim_csv_columns

    view = ClaimViewSet(action_map={"get": "list"}, args=(), kwargs={}, format_kwarg=None)
    view.request = view.initialize_request(_staff_request(query))
    claims = view.filter_queryset(view.get_queryset())
    values = claims.values_list(*(column.lookup for column in claim_csv_columns(reads_all=True)))
    sql, params = values.query.sql_with_params()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        assert isinstance(cursor, psycopg2.extensions.cursor)
        return cursor.mogrify(sql, params).decode()


def run_copy(database: str, sql: str, out: str) -> dict:
    import psycopg2

    before = _rss_mb()
    started = time.perf_counter()
    with psycopg2.connect(database) as connection, connection.cursor() as cursor, open(out, "wb") as file:
        cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH CSV HEADER", file)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": os.path.getsize(out), "rss_before_mb": before, "peak_rss_mb": _peak_rss_mb()}


def count_rows(path: str) -> int:
    import csv

    with open(path, newline="", encoding="utf-8") as file:
        return sum(1 for _ in csv.reader(file)) - 1


def prepare(rows: int) -> dict:
    """The list's query for the `rows` most check-worthy claims, and the SQL it streams."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # tables added since the data was generated (as bench.run does)
    query = {"format": "csv", "min_check_worthiness": repr(threshold(rows))}
    return {"query": query, "sql": view_sql(query)}


def _child(args) -> None:
    if args.side == "prepare":
        _django()
        result = prepare(args.rows)
    elif args.side == "view":
        _django()
        result = run_view(json.loads(args.query), args.out)
    else:
        with open(args.sql) as file:
            result = run_copy(args.database, file.read(), args.out)
    print(json.dumps(result))


def _in_process(side: str, database: str, *options: str) -> dict:
    """Run one side in a fresh process: this one stays small (no Django), and getrusage's peak, which
    a process keeps across fork and exec, is then the side's own."""
    command = [sys.executable, "-m", "bench.csv_export", "--side", side, "--database", database, *options]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "DATABASE_URL": database},
                          check=False)
    if done.returncode:
        sys.exit(f"{side} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default=os.environ.get("CLAIMTRACKER_BENCH_DATABASE", DEFAULT_DATABASE))
    parser.add_argument("--side", choices=["prepare", "view", "copy"], help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    parser.add_argument("--sql", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        return _child(args)

    prepared = _in_process("prepare", args.database, "--rows", str(args.rows))
    query = prepared["query"]
    with tempfile.TemporaryDirectory() as folder:
        sql_path, view_csv, copy_csv = (os.path.join(folder, name) for name in ("query.sql", "view.csv", "copy.csv"))
        with open(sql_path, "w") as file:
            file.write(prepared["sql"])
        view = _in_process("view", args.database, "--out", view_csv, "--query", json.dumps(query))
        view["rows"] = count_rows(view_csv)
        copy = _in_process("copy", args.database, "--out", copy_csv, "--sql", sql_path)
        copy["rows"] = count_rows(copy_csv)

    print(f"CSV export of the {args.rows:,} most check-worthy claims ({query['min_check_worthiness']} and up), "
          f"as newsroom staff, {args.database.rsplit('/', 1)[-1]}; this process's peak RSS {_peak_rss_mb():.0f} MB")
    print("| | rows | MB written | seconds | rows/s | RSS before, MB | peak RSS, MB |")
    print("|---|---|---|---|---|---|---|")
    for name, result in (("API `?format=csv` (ClaimViewSet, streamed)", view),
                         ("baseline: psycopg2 `COPY (same SQL) TO STDOUT WITH CSV`", copy)):
        print(f"| {name} | {result['rows']:,} | {result['bytes'] / 2**20:.1f} | {result['seconds']:.1f} | "
              f"{result['rows'] / result['seconds']:,.0f} | {result['rss_before_mb']:.0f} | "
              f"{result['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
