"""The admin dashboard at scale: each of its queries under EXPLAIN ANALYZE, and the whole first page
through Django's test client, beside a raw baseline (the same SQL through psycopg2, no Django).

    python -m bench.dashboard [--runs 7] [--user bench-reviewer] [--database postgres://postgres@127.0.0.1:5432/claimtracker_bench]

Two windows: today's (the real date: on a generated database the last 30 days may hold no claims),
and one ending on the day of the newest claim, so that the per-day queries have a full month of rows
to count. The queries are the ones `claims.admin.dashboard.dashboard()` runs, captured as executed
(parameters bound). Every plan is checked for a sequential scan of claims_claim (none expected).

Reads only: the database is migrated as `bench.run` does (indexes added since the data was made);
the page is fetched as an existing staff account inside a transaction that is rolled back, so the
login's session row and last_login are not kept.
"""

import argparse
import json
import os
import statistics
import time
from unittest import mock

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/claimtracker_bench"


def _django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _median_ms(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def dashboard_sql(user, today) -> list[str]:
    """The SQL of the dashboard's queries, as executed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.admin import dashboard

    with CaptureQueriesContext(connection) as captured:
        dashboard.dashboard(user, today=today)
    return [query["sql"] for query in captured]


def _scans(plan: dict) -> list[str]:
    """The plan's scan nodes, e.g. "Index Only Scan claims_claim_created (claims_claim)"."""
    found = []
    if "Scan" in plan["Node Type"]:
        found.append(f"{plan['Node Type']} {plan.get('Index Name', '')} ({plan.get('Relation Name', '')})".replace("  ", " "))
    for child in plan.get("Plans", []):
        found += _scans(child)
    return found


def explain(cursor, sql: str) -> dict:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
    result = cursor.fetchone()[0]
    result = result[0] if isinstance(result, list) else json.loads(result)[0]
    return {"ms": result["Execution Time"], "planning_ms": result["Planning Time"], "scans": _scans(result["Plan"]),
            "buffers": result["Plan"].get("Shared Hit Blocks", 0) + result["Plan"].get("Shared Read Blocks", 0)}


def raw_ms(database: str, statements: list[str], runs: int) -> tuple[float, list[float]]:
    """The baseline: the same statements through psycopg2 on one connection (median per statement, and
    the median of the whole set, rows fetched)."""
    import psycopg2

    with psycopg2.connect(database) as connection, connection.cursor() as cursor:
        def run_all():
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

        def run_one(sql):
            return lambda: (cursor.execute(sql), cursor.fetchall())

        run_all()  # warm
        each = [_median_ms(run_one(sql), runs) for sql in statements]
        return _median_ms(run_all, runs), each


def page_ms(username: str, today, runs: int) -> tuple[float, int, int]:
    """Median time of GET /admin/ through the test client as `username` (and its query count, bytes)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from claims.admin import dashboard

    with transaction.atomic(), mock.patch.object(dashboard.timezone, "localdate", return_value=today):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        url = reverse("admin:index")
        first = client.get(url)  # warm (template loading, content types, permissions)
        assert first.status_code == 200 and b'id="ct-dashboard"' in first.content, first.status_code
        captured = []  # not CaptureQueriesContext: each request's start empties connection.queries
        with connection.execute_wrapper(lambda execute, sql, *rest: captured.append(sql) or execute(sql, *rest)):
            client.get(url)
        ms = _median_ms(lambda: client.get(url), runs)
        transaction.set_rollback(True)
    return ms, len(captured), len(first.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("CLAIMTRACKER_BENCH_DATABASE", DEFAULT_DATABASE))
    parser.add_argument("--user", default="bench-reviewer")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _django(args.database)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from claims.models import Claim

    call_command("migrate", verbosity=0)  # indexes added since the data was generated (as bench.run does)
    user = get_user_model().objects.get(username=args.user)
    claims = Claim.objects.count()
    newest = timezone.localtime(Claim.objects.order_by("-created_at").values_list("created_at", flat=True).first()).date()
    names = ["claims by status", "new claims per day", "published per day", "published by rating",
             "rating scale", "oldest unreviewed check-worthy", "my open claims"]
    print(f"Admin dashboard, {args.database.rsplit('/', 1)[-1]}: {claims:,} claims, as {args.user}; "
          f"medians of {args.runs} warm runs\n")
    seq_scans = []
    for window, today in (("today", timezone.localdate()), ("ending on the newest claim's day", newest)):
        statements = dashboard_sql(user, today)
        assert len(statements) == len(names), statements
        with connection.cursor() as cursor:
            for sql in statements:  # warm the cache once, as the page's runs will be
                cursor.execute(sql)
            plans = [explain(cursor, sql) for sql in statements]
        raw_total, raw_each = raw_ms(args.database, statements, args.runs)
        page, queries, size = page_ms(args.user, today, args.runs)
        print(f"### 30 days {window} ({today - timezone.timedelta(days=29)} to {today})\n")
        print("| query | EXPLAIN ANALYZE, ms | psycopg2, ms | buffers | scans |")
        print("|---|---|---|---|---|")
        for name, plan, raw in zip(names, plans, raw_each):
            print(f"| {name} | {plan['ms']:.2f} | {raw:.2f} | {plan['buffers']} | {'; '.join(plan['scans'])} |")
            seq_scans += [f"{name}: {scan}" for scan in plan["scans"] if scan.startswith("Seq Scan") and "claims_claim)" in scan]
        print(f"| **the seven, psycopg2** | | **{raw_total:.1f}** | | |")
        print(f"\nGET /admin/ (test client, {queries} queries, {size / 1024:.0f} kB): **{page:.1f} ms** "
              f"(raw SQL of the dashboard: {raw_total:.1f} ms)\n")
    print("Sequential scans of claims_claim: " + ("; ".join(seq_scans) if seq_scans else "none"))


if __name__ == "__main__":
    main()
