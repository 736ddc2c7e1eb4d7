"""Run the benchmark suite and print every figure next to its raw baseline, as a ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtracker_bench python -m bench.run

A real gunicorn serves the product and the baseline (`bench.wsgi`); wrk, in another process,
loads each endpoint at 1, 4 and 16 concurrent clients. Before any load, every benchmarked query's
plan is checked: none may scan the claims table sequentially. Ingest runs `load_seeds` on generated
article files in a separate database and compares it with COPY of the same rows.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LUA = Path(__file__).with_name("report.lua")
DEFAULT_WORKERS = 4  # 2 x cores: the README's recommendation for this 2-core machine


@dataclass
class Scenario:
    key: str
    title: str
    paths: list[str]
    baseline_paths: list[str] | None = None
    auth: str = "token"  # or "session" (the admin)
    concurrency: tuple[int, ...] = (1, 4, 16)
    p95_target_ms: float | None = None
    rps_ratio_target: float | None = None


@dataclass
class Figure:
    scenario: str
    clients: int
    product: dict
    baseline: dict | None = None
    notes: list[str] = field(default_factory=list)


# --- Database helpers -------------------------------------------------------------------------------

def database_url(settings_dict: dict, name: str | None = None) -> str:
    host = settings_dict.get("HOST") or ""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{quote(host, safe='')}{port}/{name or settings_dict['NAME']}"


def libpq_dsn(settings_dict: dict, name: str | None = None) -> str:
    parts = {"dbname": name or settings_dict["NAME"], "user": settings_dict.get("USER"),
             "password": settings_dict.get("PASSWORD"), "host": settings_dict.get("HOST"),
             "port": settings_dict.get("PORT")}
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def bench_credentials() -> tuple[str, str]:
    """A DRF token and a session cookie for the bench reviewer."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from bench.datagen import REVIEWER

    user = get_user_model().objects.get(username=REVIEWER)
    token, _ = Token.objects.get_or_create(user=user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return token.key, session.session_key


def sample_ids(sql: str, count: int) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, [count])
        return [row[0] for row in cursor.fetchall()]


def scenarios(*, quick: bool) -> list[Scenario]:
    published = sample_ids("SELECT id FROM claims_claim WHERE status = 'published' ORDER BY md5(id::text) "
                           "LIMIT %s", 200)
    with_similar = sample_ids("SELECT id FROM claims_claim ORDER BY md5(id::text || 'similar') LIMIT %s", 200)
    levels = (1,) if quick else (1, 4, 16)
    queue = "/api/claims/?status=unreviewed&ordering=-check_worthiness"
    return [
        Scenario("list", "1. Claim queue page (50)", [queue], ["/bench-baseline/claims/?status=unreviewed"],
                 concurrency=levels, p95_target_ms=25, rps_ratio_target=0.5),
        Scenario("detail", "2. Claim detail + verdict, evidence, history",
                 [f"/api/claims/{pk}/" for pk in published],
                 [f"/bench-baseline/claims/{pk}/" for pk in published], concurrency=levels,
                 rps_ratio_target=0.5),
        Scenario("search", "3a. Full-text search q=", [f"/api/claims/?q={quote(term)}" for term in SEARCH_TERMS],
                 concurrency=(1,), p95_target_ms=30),
        Scenario("similar", "3b. Similar claims", [f"/api/claims/{pk}/similar/" for pk in with_similar],
                 concurrency=(1,), p95_target_ms=100),
        Scenario("admin", "4. Admin claim change list", ["/admin/claims/claim/"], auth="session",
                 concurrency=(1,), p95_target_ms=300),
        Scenario("public-list", "5a. Public site: / (published fact-checks, newest first, 20 a page)", ["/"],
                 ["/bench-baseline/public/"], auth="public", concurrency=levels, p95_target_ms=20),
        Scenario("public-page", "5b. Public site: a fact-check page (with its ClaimReview JSON-LD)",
                 fact_check_paths(published), [f"/bench-baseline/public/{pk}/" for pk in published],
                 auth="public", concurrency=levels, p95_target_ms=20),
    ]


def fact_check_paths(ids: list[int]) -> list[str]:
    """The canonical pages of these published claims (a stale slug would answer 301)."""
    from claims.review.publication import fact_check_path, published_claims

    by_id = {claim.pk: claim for claim in published_claims().select_related(None).filter(pk__in=ids).only("id", "text")}
    return [fact_check_path(by_id[pk]) for pk in ids if pk in by_id]


SEARCH_TERMS = ["unemployment", "tax cuts", "health care", "border wall", "minimum wage", "climate change",
                "social security", "deficit", "jobs", "oil"]


# --- Query plans ------------------------------------------------------------------------------------

def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def check_plans(scenario_list: list[Scenario], token: str, session_key: str) -> list[tuple[str, str, bool]]:
    """EXPLAIN every query an endpoint runs on the claims table; (scenario, summary, uses an index)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    results = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        # On a tiny table a sequential scan is rightly cheapest; then ask whether an index *can* serve.
        tiny = cursor.fetchone()[0] < 10_000
    for scenario in scenario_list:
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if scenario.auth == "token" else {}
        if scenario.auth == "session":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        captured = []

        def capture(execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = client.get(scenario.paths[0], **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{scenario.paths[0]} answered {response.status_code}")
        for sql, params in captured:
            if "claims_claim" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                if tiny:
                    cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
                if tiny:
                    cursor.execute("RESET enable_seqscan")
            plan = json.loads(plan) if isinstance(plan, str) else plan
            nodes = list(_plan_nodes(plan[0]["Plan"]))
            seq = [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "claims_claim"]
            used = sorted({f"{n['Node Type']} {n.get('Index Name', '')}".strip() for n in nodes
                           if "Index" in n["Node Type"] or "Bitmap" in n["Node Type"]})
            summary = f"{plan[0]['Plan']['Node Type']} (cost {plan[0]['Plan']['Total Cost']:.0f}): " + (
                ", ".join(used) or "no index") + (" -- SEQ SCAN OF claims_claim" if seq else "")
            results.append((scenario.key, summary, not seq))
    return results


# --- Load ---------------------------------------------------------------------------------------------

class Server:
    def __init__(self, *, workers: int, port: int, env: dict, timeout: int = 120):
        self.port, self.env = port, env
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "bench.wsgi:application", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", str(timeout)],
            cwd=BASE_DIR, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=2).read()
                return
            except Exception:  # noqa: BLE001 -- not up yet
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited at start") from None
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class PeakRss:
    """Samples the resident memory of some processes (and their children) until stopped."""

    def __init__(self, pids_of, interval: float = 0.05):
        self.pids_of, self.interval, self.peak, self.peak_each = pids_of, interval, 0, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            for pid in self.pids_of():
                try:
                    process = psutil.Process(pid)
                    for member in [process, *process.children(recursive=True)]:
                        rss = member.memory_info().rss
                        self.peak_each[member.pid] = max(self.peak_each.get(member.pid, 0), rss)
                        self.peak = max(self.peak, rss)
                except psutil.Error:
                    pass
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def wrk(port: int, paths: list[str], *, clients: int, seconds: float, header: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
             "--timeout", "10s", "-s", str(LUA), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, env={**os.environ, "BENCH_PATHS": handle.name, "BENCH_HEADER": header},
            timeout=seconds + 60)
    finally:
        os.unlink(handle.name)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures: {result.stdout}\n{result.stderr}")
    figures = json.loads(line[6:])
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    return figures


def run_load(scenario_list, *, port, seconds, token, session_key, server) -> tuple[list[Figure], dict]:
    figures, memory = [], {}
    for scenario in scenario_list:
        header = {"token": f"Authorization: Token {token}", "session": f"Cookie: sessionid={session_key}",
                  "public": "Accept: text/html"}[scenario.auth]  # the public site: no credentials at all
        for path in (scenario.paths[0], *(scenario.baseline_paths or ())[:1]):
            name, value = header.split(": ", 1)
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={name: value})
            with urllib.request.urlopen(request, timeout=30) as response:  # a redirect to the login page fails
                if response.status != 200 or response.url != request.full_url:
                    raise RuntimeError(f"{path} answered {response.status} at {response.url}")
        wrk(port, scenario.paths, clients=2, seconds=1, header=header)  # warm every worker's connection
        if scenario.baseline_paths:
            wrk(port, scenario.baseline_paths, clients=2, seconds=1, header=header)
        for clients in scenario.concurrency:
            with PeakRss(server.worker_pids) as rss:
                product = wrk(port, scenario.paths, clients=clients, seconds=seconds, header=header)
            if scenario.key == "list":
                memory["worker_peak_rss_mb"] = max(memory.get("worker_peak_rss_mb", 0), rss.peak / 2**20)
            baseline = None
            if scenario.baseline_paths:
                baseline = wrk(port, scenario.baseline_paths, clients=clients, seconds=seconds, header=header)
            figures.append(Figure(scenario.key, clients, product, baseline))
            print(f"  {scenario.title} @ {clients}: {product['rps']:.0f} req/s, p95 {product['p95']:.1f} ms"
                  + (f" (baseline {baseline['rps']:.0f} req/s)" if baseline else ""), flush=True)
    return figures, memory


# --- Ingest -------------------------------------------------------------------------------------------

def write_reuters_export(path: Path, count: int) -> int:
    """The first `count` articles of the shared Reuters file, as one JSONL export (a newsroom's dump)."""
    from training.datasets import REUTERS

    written = 0
    with REUTERS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as export:
        for line in source:
            if written == count:
                break
            export.write(line)
            written += 1
    return written


def _admin_execute(settings_dict: dict, *statements: str):
    import psycopg2

    connection = psycopg2.connect(libpq_dsn(settings_dict, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


@contextmanager
def scratch_database(settings_dict: dict, database: str, env: dict):
    """An empty, migrated database of a benchmark's own, dropped afterwards: yields the environment
    whose DATABASE_URL names it, for the subprocesses that use it."""
    _admin_execute(settings_dict, f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
    try:
        env = {**env, "DATABASE_URL": database_url(settings_dict, database)}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env,
                       check=True)
        yield env
    finally:
        try:
            _admin_execute(settings_dict, f'DROP DATABASE IF EXISTS "{database}"')
        except Exception:  # noqa: BLE001 -- a leftover database is harmless
            pass


def copy_columns(cursor, table: str) -> str:
    """The table's stored columns (no generated ones), quoted, in order: what COPY can write back."""
    cursor.execute("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                   "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
                   [table])
    return cursor.fetchone()[0]


INGEST_TABLES = "claims_claimevent, claims_evidence, claims_verdict, claims_claim, claims_article, " \
                "claims_claimant, claims_source"


def run_ingest(*, files: int, settings_dict: dict, database: str, env: dict) -> dict:
    """load_seeds on `files` real Reuters articles in one JSONL file, into an empty database; then the
    same run again (all unchanged); then COPY of the very rows it wrote, into the same emptied tables
    (indexes, span trigger and checks on): the raw limit of this database for these rows."""
    import psycopg2

    folder = Path(tempfile.mkdtemp(prefix="claimtracker-ingest-"))
    try:
        export = folder / "reuters.jsonl"
        files = write_reuters_export(export, files)
        with scratch_database(settings_dict, database, env) as env:
            def load() -> tuple[float, float, str]:
                started = time.perf_counter()
                process = subprocess.Popen([sys.executable, "manage.py", "load_seeds", "-v", "0", str(export)],
                                           cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           text=True)
                with PeakRss(lambda: [process.pid]) as rss:
                    output, _ = process.communicate()
                if process.returncode:
                    raise RuntimeError(f"load_seeds failed:\n{output[-2000:]}")
                return time.perf_counter() - started, rss.peak / 2**20, output

            first_seconds, first_rss, output = load()
            second_seconds, _, second_output = load()
            connection = psycopg2.connect(libpq_dsn(settings_dict, database))
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM claims_article")
                    articles = cursor.fetchone()[0]
                    cursor.execute("SELECT count(*) FROM claims_claim")
                    claims = cursor.fetchone()[0]
                    dumps = {}
                    for table in ("claims_source", "claims_claimant", "claims_article", "claims_claim",
                                  "claims_claimevent"):
                        columns = copy_columns(cursor, table)
                        buffer = _Buffer()
                        cursor.copy_expert(f"COPY {table} ({columns}) TO STDOUT", buffer)
                        dumps[table] = (columns, buffer.getvalue())
                    cursor.execute(f"TRUNCATE {INGEST_TABLES} CASCADE")
                    connection.commit()
                    started = time.perf_counter()
                    for table, (columns, data) in dumps.items():
                        import io

                        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.BytesIO(data))
                    connection.commit()
                    copy_seconds = time.perf_counter() - started
            finally:
                connection.close()
            analysis_seconds = time_analysis(export)
            return {
                "files": files, "articles": articles, "claims": claims, "analysis_seconds": analysis_seconds,
                "seconds": first_seconds, "articles_per_s": articles / first_seconds,
                "claims_per_s": claims / first_seconds, "peak_rss_mb": first_rss,
                "lines": files, "rerun_seconds": second_seconds, "rerun_articles_per_s": files / second_seconds,
                "copy_seconds": copy_seconds, "copy_articles_per_s": articles / copy_seconds,
                "copy_claims_per_s": claims / copy_seconds,
                "summary": output.strip().splitlines()[-1] if output.strip() else "",
                "rerun_summary": second_output.strip().splitlines()[-1] if second_output.strip() else "",
            }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def time_analysis(export: Path) -> float:
    """Seconds that cleaning, extraction and language detection of the export take in one process, no database."""
    from claims.ingest.articles import article_analyse, article_clean
    from claims.ingest.seedfiles import read_seed_file

    article_analyse(article_clean(title="Warm-up", body="Models load before the clock starts."))
    started = time.perf_counter()
    for article in read_seed_file(export, max_bytes=10**9):
        article_analyse(article_clean(title=article.title, body=article.body))
    return time.perf_counter() - started


def run_corpora(*, settings_dict: dict, database: str, env: dict) -> list[dict]:
    """The real corpora, whole, with load_seeds' default options, twice: every distinct text (by content
    hash, counted here independently) stored once, no failure, no traceback, a second run of 0 new."""
    import re

    from claims.ingest.articles import article_clean
    from claims.ingest.seedfiles import read_seed_file, seed_paths
    from training.datasets import POLNEAR, REUTERS

    corpora = [("Reuters-21578 train, whole file", [REUTERS]),
               ("PolNeAR texts, train + dev", [POLNEAR / "train" / "text", POLNEAR / "dev" / "text"])]
    rows = []
    with scratch_database(settings_dict, database, env) as env:
        for name, paths in corpora:
            files = seed_paths(paths)
            texts = [article_clean(title=a.title, body=a.body).digest
                     for path in files for a in read_seed_file(path, max_bytes=10**9)]
            runs = []
            for _ in range(2):
                started = time.perf_counter()
                process = subprocess.Popen([sys.executable, "manage.py", "load_seeds", "-v", "0", *map(str, paths)],
                                           cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           text=True)
                with PeakRss(lambda: [process.pid]) as rss:
                    output, _ = process.communicate()
                runs.append((time.perf_counter() - started, rss.peak / 2**20, output, process.returncode))
            (seconds, peak, output, code), (_, _, second, _) = runs
            summary = [line for line in output.splitlines() if "file(s) read" in line]
            new = [int(match) for match in re.findall(r"articles: (\d+) new", output)]
            second_new = [int(match) for match in re.findall(r"articles: (\d+) new", second)]
            failed = re.findall(r"(\d+) failed;", output)
            rows.append({
                "name": name, "files": len(files), "read": len(texts), "distinct": len(set(texts)),
                "stored": new[0] if new else -1, "failed": int(failed[0]) if failed else -1 if code else 0,
                "traceback": "Traceback" in output + second, "second_new": second_new[0] if second_new else -1,
                "seconds": seconds, "peak_rss_mb": peak, "summary": summary[-1] if summary else output[-500:],
            })
    return rows


class _Buffer:
    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data if isinstance(data, bytes) else data.encode())

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


# --- Report -------------------------------------------------------------------------------------------

def _ok(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "NO")


def table(scenario_list, figures, plans, memory, ingest, *, claims: int, corpora=None) -> str:
    by_key = {scenario.key: scenario for scenario in scenario_list}
    lines = [
        f"ClaimTracker benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
        + (f"{claims:,} claims, " if figures else "ingest only, ") + f"{os.cpu_count()} cores",
    ]
    if figures:
        lines += [
            "",
            "| endpoint | clients | req/s | p50 ms | p95 ms | p99 ms | baseline req/s | baseline p95 ms "
            "| ratio req/s | target | met |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
    for figure in figures:
        scenario, product, baseline = by_key[figure.scenario], figure.product, figure.baseline
        ratio = product["rps"] / baseline["rps"] if baseline and baseline["rps"] else None
        targets, met = [], []
        if scenario.rps_ratio_target is not None and ratio is not None:
            targets.append(f">= {scenario.rps_ratio_target:.0%} of baseline")
            met.append(ratio >= scenario.rps_ratio_target)
        if scenario.p95_target_ms is not None and figure.clients == 1:
            targets.append(f"p95 <= {scenario.p95_target_ms:g} ms")
            met.append(product["requests"] > 0 and product["p95"] <= scenario.p95_target_ms)
        if not product["requests"]:
            targets.append("no request finished within the run")
        errors = product["errors"] + product["non2xx"]
        lines.append(
            f"| {scenario.title} | {figure.clients} | {product['rps']:.0f} | {product['p50']:.1f} | "
            f"{product['p95']:.1f} | {product['p99']:.1f} | "
            + (f"{baseline['rps']:.0f} | {baseline['p95']:.1f} | {ratio:.2f} | " if baseline else "– | – | – | ")
            + f"{'; '.join(targets) or '–'} | {_ok(all(met)) if met else '–'}"
            + (f" ({errors} errors)" if errors else "") + " |")
    if memory:
        peak = memory["worker_peak_rss_mb"]
        lines += ["", f"Peak RSS of a gunicorn worker under test 1: {peak:.0f} MB (target < 300 MB: {_ok(peak < 300)})"]
    if ingest:
        ratio = ingest["articles_per_s"] / ingest["copy_articles_per_s"]
        lines += [
            "",
            "| ingest (real Reuters articles, one JSONL file) | articles | articles/s | claims/s | seconds "
            "| baseline (COPY of the same rows) articles/s | ratio | target | met |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| 5. load_seeds, new | {ingest['articles']} | {ingest['articles_per_s']:.0f} | "
            f"{ingest['claims_per_s']:.0f} | {ingest['seconds']:.1f} | {ingest['copy_articles_per_s']:.0f} | "
            f"{ratio:.3f} | >= 0.8 of COPY | {_ok(ratio >= 0.8)} |",
            f"| 5. load_seeds, all unchanged | {ingest['lines']} | {ingest['rerun_articles_per_s']:.0f} | – | "
            f"{ingest['rerun_seconds']:.1f} | {ingest['copy_articles_per_s']:.0f} | "
            f"{ingest['rerun_articles_per_s'] / ingest['copy_articles_per_s']:.3f} | >= 3000 articles/s | "
            f"{_ok(ingest['rerun_articles_per_s'] >= 3000)} |",
            "",
            f"Peak RSS of load_seeds (largest process): {ingest['peak_rss_mb']:.0f} MB "
            f"(target < 300 MB: {_ok(ingest['peak_rss_mb'] < 300)}); {ingest['summary']}",
            f"COPY of the same rows: {ingest['copy_seconds']:.1f} s for {ingest['articles']} articles, "
            f"{ingest['claims']} claims and their create events. Analysis alone (clean, extract, detect languages; one process, no "
            f"database): {ingest['analysis_seconds']:.1f} s. Re-run: {ingest['rerun_summary']}",
        ]
    if corpora:
        lines += ["", "| corpus, default options | files | articles read | distinct texts | stored | failed "
                      "| traceback | second run new | met |", "|---|---|---|---|---|---|---|---|---|"]
        for row in corpora:
            met = (row["stored"] == row["distinct"] and not row["failed"] and not row["traceback"]
                   and row["second_new"] == 0)
            lines.append(f"| {row['name']} | {row['files']} | {row['read']} | {row['distinct']} | {row['stored']} | "
                         f"{row['failed']} | {'yes' if row['traceback'] else 'no'} | {row['second_new']} | "
                         f"{_ok(met)} |")
        lines.append("")
        lines += [f"{row['name']}: {row['seconds']:.1f} s, peak RSS {row['peak_rss_mb']:.0f} MB; {row['summary']}"
                  for row in corpora]
    if plans:
        lines += ["", "Query plans (EXPLAIN of every query on claims_claim each endpoint runs):"]
    for key, summary, uses_index in plans:
        lines.append(f"  {'ok ' if uses_index else 'SEQ'} {key}: {summary}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="Length of each load run.")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--ingest-files", type=int, default=10_000, help="0 to skip the ingest benchmark.")
    parser.add_argument("--quick", action="store_true", help="One client level per endpoint.")
    parser.add_argument("--no-corpora", dest="corpora", action="store_false",
                        help="Skip loading the whole real corpora (Reuters, PolNeAR) twice.")
    parser.add_argument("--only", default="", help="Comma-separated scenario keys (list,detail,search,similar,admin,public-list,public-page), "
                                                   "or 'ingest' for the ingest and corpus figures alone, 'big' "
                                                   "for the big articles alone, 'scoring' for the two "
                                                   "check-worthiness models' speed.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON to this file.")
    options = parser.parse_args(argv)
    return run(**vars(options))


def run(*, seconds=10, workers=DEFAULT_WORKERS, port=8765, ingest_files=10_000, quick=False, only="",
        corpora=True, json=None, out=sys.stdout) -> int:
    import json as json_module

    from bench import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # indexes added since the data was generated
    settings_dict = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url(settings_dict),
           "BENCH_BASELINE_DSN": libpq_dsn(settings_dict), "SECRET_KEY": settings.SECRET_KEY}
    if only == "scoring":  # the two check-worthiness models, no database
        from bench.scoring import measure
        from bench.scoring import table as scoring_table

        print(scoring_table(measure()), file=out, flush=True)
        return 0
    if only == "big":  # POST of big articles (bench.big_articles), in a database of its own
        from bench.big_articles import run_big
        from bench.big_articles import table as big_table

        connection.close()
        print(big_table(run_big(settings_dict=settings_dict, database=f"{settings_dict['NAME']}_big", env=env)),
              file=out, flush=True)
        return 0
    ingest_only = only == "ingest"
    scenario_list, figures, plans, memory, claims = [], [], [], {}, 0
    if not ingest_only:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM claims_claim")
            claims = cursor.fetchone()[0]
        if not claims:
            print("The database has no claims: run `make bench-data` (python -m bench.datagen) first.", file=sys.stderr)
            return 2
        token, session_key = bench_credentials()
        scenario_list = [s for s in scenarios(quick=quick) if not only or s.key in only.split(",")]
        plans = check_plans(scenario_list, token, session_key)
        connection.close()
        server = Server(workers=workers, port=port, env=env)
        try:
            figures, memory = run_load(scenario_list, port=port, seconds=seconds, token=token,
                                       session_key=session_key, server=server)
        finally:
            server.stop()
    connection.close()
    ingest, corpus_rows = None, None
    if ingest_files:
        print(f"  ingest: load_seeds on {ingest_files} Reuters articles ...", flush=True)
        ingest = run_ingest(files=ingest_files, settings_dict=settings_dict,
                            database=f"{settings_dict['NAME']}_ingest", env=env)
    if corpora:
        print("  corpora: the whole Reuters file and every PolNeAR text ...", flush=True)
        corpus_rows = run_corpora(settings_dict=settings_dict, database=f"{settings_dict['NAME']}_corpora", env=env)
    report = table(scenario_list, figures, plans, memory, ingest, claims=claims, corpora=corpus_rows)
    print(report, file=out, flush=True)
    if json:
        json.write_text(json_module.dumps({
            "figures": [vars(figure) for figure in figures], "plans": plans, "memory": memory, "ingest": ingest,
            "corpora": corpus_rows,
        }, indent=2, default=str))
    return 0 if all(uses_index for _, _, uses_index in plans) else 1


if __name__ == "__main__":
    sys.exit(main())
