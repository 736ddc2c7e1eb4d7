"""Issue 17 at 100,000 claims: the admin's claim list and dashboard keep the query counts they have on
a handful of claims, and the CSV export of all 100,000 stays under 150 MB.

The 100,000 claims are 1,000 articles of 100 sentences each (every claim one sentence, its span exact,
so the span trigger of migration 0006 checks every row as it is inserted), 300 claimants, a desk's mix
of statuses, verdicts, history events, and matches with imported fact-checks and published claims (the
list's "already checked"). They are written once for the module with INSERT ... SELECT over
generate_series, committed, VACUUM ANALYZEd so the plans are the ones a real table gets, and removed
after the module.

Every small count comes from the same test, connection and warm caches as the big one, "as today"
(the 10-vs-100 tests): in a savepoint of the test's transaction the tables are truncated, 20 claims
built by the same statements, the page measured, and the savepoint rolled back to the 100,000.

CSV memory is the peak RSS of a fresh Python process that loads Django, signs a reviewer in with the
test client and reads `/api/claims/?format=csv` to the end: what a worker serving the export holds, C
memory included (psycopg2's fetched rows, which tracemalloc cannot see), and none of what this pytest
process loaded or freed before (which its own RSS would carry). The peak is the kernel's VmHWM of the
process image (/proc/self/status), not getrusage's ru_maxrss: a child forked from this big process
inherits the parent's size in ru_maxrss (352 MB reported for a 108 MB export), where bench/csv_export.py
avoids that by forking from a small process.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, time as day_start, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.admin import dashboard as admin_dashboard
from claims.admin.filters import HIGH_WORTHINESS
from claims.admin.paging import EXACT_COUNT_BELOW
from claims.models import Claim, ClaimStatus, RatingLevel, Role
from claims.review.exports import CLAIM_CSV_COLUMNS
from claims.review.matches import ALREADY_CHECKED_SCORE

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")
INDEX = reverse("admin:index")
CSV_URL = "/api/claims/?format=csv"
ARTICLES, PER_ARTICLE = 1000, 100
CLAIMS = ARTICLES * PER_ARTICLE
SMALL_ARTICLES, SMALL_PER_ARTICLE = 2, 10  # 20 claims: every status, a match of each kind
CSV_PEAK_MB = 150
PROJECT = Path(__file__).resolve().parents[2]  # where the export process finds claimtracker
# The tables the builder fills; the module refuses to start unless they (and those pointing at them) are empty.
FILLED = ["claims_source", "claims_claimant", "claims_article", "claims_claim", "claims_verdict",
          "claims_claimevent", "factchecks_publisher", "factchecks_factcheck", "claims_claimmatch",
          "claims_claimmatchrun"]

# One sentence per claim; p, y and the article number vary them. Template 0 is the list's search word.
SENTENCES = """
CREATE TEMP TABLE scale_sentence ON COMMIT DROP AS
SELECT a, k, n, text,
       (sum(length(text) + 1) OVER (PARTITION BY a ORDER BY k) - length(text) - 1)::int AS start
FROM (
    SELECT a, k, (a - 1) * %(per)s + k AS n,
           CASE (a * 31 + k * 7) %% 6
               WHEN 0 THEN 'Exports rose ' || p || '%% in ' || y || ', the ministry said.'
               WHEN 1 THEN 'Unemployment fell to ' || p || '%% last year in district ' || a || '.'
               WHEN 2 THEN 'The city spent ' || p || ' million dollars on roads in ' || y || '.'
               WHEN 3 THEN 'Crime dropped ' || p || '%% since ' || y || ', the police claim.'
               WHEN 4 THEN 'Inflation reached ' || p || '.' || k %% 10 || '%% in March, officials said.'
               ELSE 'Officials expect ' || p || ' new schools to open by ' || y || '.'
           END AS text
    FROM generate_series(1, %(articles)s) a
    CROSS JOIN generate_series(1, %(per)s) k
    CROSS JOIN LATERAL (SELECT (a * 7 + k * 13) %% 90 + 1 AS p, 2000 + (a + k) %% 25 AS y) v
) s
"""

ARTICLE_ROWS = """
INSERT INTO claims_article (title, body, url, source_id, language, title_language, published_at,
                            content_hash, created_at, updated_at)
SELECT 'Scale article ' || a || ': ' || (ARRAY['jobs', 'budget', 'crime', 'prices', 'schools', 'trade'])[a %% 6 + 1],
       body, 'https://scale.example/articles/' || a, source.id,
       CASE WHEN a %% 10 = 0 THEN 'es' ELSE 'en' END, CASE WHEN a %% 10 = 0 THEN 'es' ELSE 'en' END,
       made, encode(sha256(convert_to(a || body, 'UTF8')), 'hex'), made, made
FROM (SELECT a, string_agg(text, ' ' ORDER BY k) AS body FROM scale_sentence GROUP BY a) b
CROSS JOIN LATERAL (SELECT %(now)s::timestamptz - make_interval(secs => (a * 9973) %% (40 * 86400)) AS made) m
JOIN claims_source source ON source.name = 'Scale Outlet ' || (a %% %(sources)s + 1)
"""

# Of every 100 claims (by (n * 37) % 100): 78 unreviewed, 6 in review, 5 reviewed, 6 published, 5 dismissed.
CLAIM_ROWS = """
INSERT INTO claims_claim (article_id, start, "end", text, claimant_id, kind, check_worthiness,
                          check_worthiness_model, check_worthiness_scored_at, extractor, edited_by_hand,
                          status, rating, current_verdict_id, assigned_to_id, first_published_at, version,
                          created_at, updated_at)
SELECT article.id, s.start, s.start + length(s.text), s.text, claimant.id,
       (ARRAY['quote', 'statistic', 'event', 'attribution', 'prediction', 'opinion', 'other'])[s.n %% 7 + 1],
       ((s.n * 7919) %% 1001) / 1000.0, 'reviewer', NULL, 'scale-test/1', false,
       st.status,
       CASE WHEN st.status IN ('reviewed', 'published') THEN (%(ratings)s::text[])[s.n %% %(rating_count)s + 1] END,
       NULL,
       CASE WHEN st.status = 'in_review' THEN CASE WHEN s.n %% 3 = 0 THEN %(other)s ELSE %(reviewer)s END
            WHEN st.status = 'reviewed' THEN %(reviewer)s END,
       CASE WHEN st.status = 'published' THEN least(%(now)s::timestamptz, greatest(
           made + interval '1 hour', %(now)s::timestamptz - make_interval(secs => (s.n * 2311) %% (30 * 86400)))) END,
       CASE st.status WHEN 'unreviewed' THEN 1 WHEN 'in_review' THEN 2 WHEN 'dismissed' THEN 2
                      WHEN 'reviewed' THEN 3 ELSE 4 END,
       made, made
FROM scale_sentence s
JOIN claims_article article ON article.url = 'https://scale.example/articles/' || s.a
LEFT JOIN claims_claimant claimant
       ON s.n %% 5 <> 0 AND claimant.name = 'Scale Claimant ' || ((s.a * 17 + s.k) %% %(claimants)s + 1)
CROSS JOIN LATERAL (SELECT article.created_at + make_interval(secs => s.k) AS made) m
CROSS JOIN LATERAL (SELECT CASE WHEN (s.n * 37) %% 100 < 78 THEN 'unreviewed'
                                WHEN (s.n * 37) %% 100 < 84 THEN 'in_review'
                                WHEN (s.n * 37) %% 100 < 89 THEN 'reviewed'
                                WHEN (s.n * 37) %% 100 < 95 THEN 'published'
                                ELSE 'dismissed' END AS status) st
ORDER BY s.n
"""

VERDICTS = """
INSERT INTO claims_verdict (claim_id, rating, summary, reviewer_id, is_correction, created_at)
SELECT id, rating, 'Checked against the ministry''s own figures.', %(reviewer)s, false, updated_at
FROM claims_claim WHERE status IN ('reviewed', 'published');
UPDATE claims_claim c SET current_verdict_id = v.id, updated_at = coalesce(c.first_published_at, c.updated_at)
FROM claims_verdict v WHERE v.claim_id = c.id;
"""

# Every claim's "create" event, and the move that gave it its status (published by the other reviewer).
EVENTS = """
INSERT INTO claims_claimevent (claim_id, actor_id, action, from_status, to_status, rating, verdict_id, version,
                               note, created_at)
SELECT id, NULL, 'create', '', 'unreviewed', NULL, NULL, 1, '', created_at FROM claims_claim
UNION ALL
SELECT id, CASE status WHEN 'published' THEN %(other)s ELSE %(reviewer)s END,
       CASE status WHEN 'in_review' THEN 'start' WHEN 'reviewed' THEN 'rate' WHEN 'published' THEN 'publish'
                   ELSE 'dismiss' END,
       CASE status WHEN 'reviewed' THEN 'in_review' WHEN 'published' THEN 'reviewed' ELSE 'unreviewed' END,
       status, rating, current_verdict_id, version, '', updated_at
FROM claims_claim WHERE status <> 'unreviewed'
"""

FACT_CHECKS = """
INSERT INTO factchecks_publisher (name, site, created_at) VALUES ('Scale Checks', 'scale-checks.example', %(now)s);
INSERT INTO factchecks_factcheck (key, url, publisher_id, title, claim_reviewed, claimant, claim_date, review_date,
                                  textual_rating, rating, language, source, imported_at)
SELECT 'scale:' || f, 'https://scale-checks.example/checks/' || f, publisher.id, 'Check ' || f,
       'Exports rose ' || f %% 90 || '%% in ' || 2000 + f %% 25, 'Scale Claimant ' || f %% 300, NULL,
       %(now)s::timestamptz - make_interval(days => f %% 400), 'False', 'false', 'en', 'scale', %(now)s
FROM generate_series(1, %(fact_checks)s) f, factchecks_publisher publisher WHERE publisher.site = 'scale-checks.example'
"""

# A tenth of the claims have a fact-check match (scores 0.20..0.99; of two neighbours one is 0.5 or more, so
# even 20 claims have an "already checked"), a twentieth a published claim's too.
MATCHES = """
WITH fact_check AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r FROM factchecks_factcheck),
     published AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r FROM claims_claim WHERE status = 'published'),
     matched AS (SELECT id, 0.2 + ((id / 10 * 37) %% 80) / 100.0 AS score FROM claims_claim WHERE id %% 10 = 0)
INSERT INTO claims_claimmatch (claim_id, fact_check_id, published_claim_id, score, rank, matcher, computed_at)
SELECT m.id, f.id, NULL, m.score, 1, 'scale-test/1', %(now)s
FROM matched m JOIN fact_check f ON f.r = (m.id / 10) %% (SELECT count(*) FROM fact_check)
UNION ALL
SELECT m.id, NULL, p.id, m.score / 2, 2, 'scale-test/1', %(now)s
FROM matched m JOIN published p ON p.r = (m.id / 20) %% (SELECT count(*) FROM published)
WHERE m.id %% 20 = 0 AND p.id <> m.id;
INSERT INTO claims_claimmatchrun (claim_id, matcher, computed_at, found)
SELECT claim_id, 'scale-test/1', %(now)s, count(*) FROM claims_claimmatch GROUP BY claim_id
"""


def build_newsroom(*, articles: int, per_article: int, reviewer: int, other: int) -> None:
    """Write articles x per_article claims and what goes with them, through the default connection."""
    ratings = list(RatingLevel.objects.order_by("slug").values_list("slug", flat=True))
    params = {
        "articles": articles, "per": per_article, "now": timezone.now(), "reviewer": reviewer, "other": other,
        "sources": min(20, articles), "claimants": min(300, articles * per_article), "ratings": ratings,
        "rating_count": len(ratings), "fact_checks": max(10, articles * per_article // 50),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO claims_source (name, url) SELECT 'Scale Outlet ' || s, "
                       "'https://outlet' || s || '.scale.example/' FROM generate_series(1, %(sources)s) s", params)
        cursor.execute("INSERT INTO claims_claimant (name, description) SELECT 'Scale Claimant ' || c, "
                       "(ARRAY['', 'Minister', 'Senator', 'Spokesperson'])[c %% 4 + 1] "
                       "FROM generate_series(1, %(claimants)s) c", params)
        for statement in (SENTENCES, ARTICLE_ROWS, CLAIM_ROWS, VERDICTS, EVENTS, FACT_CHECKS, MATCHES):
            cursor.execute(statement, params)
        cursor.execute("DROP TABLE scale_sentence")


def _referencing(tables: list[str]) -> list[str]:
    """`tables` and every table whose foreign keys point at one of them, transitively."""
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH RECURSIVE t(oid) AS (
                SELECT unnest(%s::regclass[])::oid
                UNION SELECT c.conrelid FROM pg_constraint c JOIN t ON c.confrelid = t.oid WHERE c.contype = 'f'
            ) SELECT oid::regclass::text FROM t ORDER BY 1""", [tables])
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Newsroom:
    reviewer: AbstractUser  # "mine": most claims in review, all the reviewed ones
    other_reviewer_id: int
    tables: list[str]  # what the builder fills, and the tables pointing at them


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker, pytestconfig):
    """100,000 claims, committed once for the module and removed after it."""
    with django_db_blocker.unblock():
        tables = _referencing(FILLED)
        with connection.cursor() as cursor:
            for table in tables:  # only empty tables are truncated after: nothing here is anyone else's
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
                assert not cursor.fetchone()[0], f"{table} is not empty: the scale test needs an empty database"
        users = get_user_model().objects
        reviewers = Group.objects.get(name=Role.REVIEWERS)
        reviewer = users.create_user("scale-reviewer", is_staff=True)
        other = users.create_user("scale-other-reviewer", is_staff=True)
        reviewer.groups.add(reviewers)
        other.groups.add(reviewers)
    try:
        with django_db_blocker.unblock():
            started = time.perf_counter()
            build_newsroom(articles=ARTICLES, per_article=PER_ARTICLE, reviewer=reviewer.pk, other=other.pk)
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
            seconds = time.perf_counter() - started
            _say(pytestconfig, f"built {Claim.objects.count():,} claims in {seconds:.1f} s")
        yield Newsroom(reviewer, other.pk, tables)
    finally:
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
            users.filter(pk__in=[reviewer.pk, other.pk]).delete()


def _say(pytestconfig, line: str) -> None:
    """A figure of issue 17 on the terminal, whatever pytest captures."""
    plugins = pytestconfig.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    if reporter and capture:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(f"tests/admin/test_scale.py: {line}")


def small_newsroom(newsroom: Newsroom) -> None:
    """Inside the test's transaction: the tables emptied and 20 claims built by the same statements."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(newsroom.tables)}")
    build_newsroom(articles=SMALL_ARTICLES, per_article=SMALL_PER_ARTICLE, reviewer=newsroom.reviewer.pk,
                   other=newsroom.other_reviewer_id)


def at_small_scale(newsroom: Newsroom, measure):
    """`measure()` on 20 claims, then back to the 100,000 (a savepoint rolled back)."""
    savepoint = transaction.savepoint()
    try:
        small_newsroom(newsroom)
        assert Claim.objects.count() == SMALL_ARTICLES * SMALL_PER_ARTICLE
        return measure()
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def reviewer_client(newsroom):
    client = Client()
    client.force_login(newsroom.reviewer)
    return client


def get_counted(client, url):
    """The response, its SQL statements, and seconds, with a streamed body read to the end."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:500]
    return response, body, captured.captured_queries, time.perf_counter() - started


# --- the claim list -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?status__exact=unreviewed&worthiness=high", "?assigned=mine", "?q=Exports",
                                   "?already_checked=yes"])
def test_changelist_query_count_at_100000_claims_is_its_count_at_20(newsroom, reviewer_client, query, pytestconfig):
    url = CHANGELIST + query
    get_counted(reviewer_client, url)  # warms the content-type and permission caches
    small_response, _, small_queries, _ = at_small_scale(newsroom, lambda: get_counted(reviewer_client, url))
    assert small_response.context["cl"].result_list
    response, _, queries, seconds = get_counted(reviewer_client, url)
    _say(pytestconfig, f"change list {query or '(all)'}: {len(small_queries)} queries at 20 claims, "
                       f"{len(queries)} at {CLAIMS:,} ({seconds * 1000:.0f} ms)")

    cl = response.context["cl"]
    rows = list(cl.result_list)
    assert len(rows) == cl.list_per_page == 50
    if query == "":
        # The unfiltered list's exact COUNT gives way to the planner's estimate once the table is big: one query less.
        assert EXACT_COUNT_BELOW <= cl.result_count
        assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "WHERE" not in q["sql"].upper()]
        assert len(queries) == len(small_queries) - 1
    else:
        assert cl.result_count == cl.queryset.count()
        assert len(queries) == len(small_queries)
    assert len(small_queries) <= 12
    _assert_rows_match(query, rows, newsroom)


def _assert_rows_match(query: str, rows: list[Claim], newsroom: Newsroom) -> None:
    if query == "":
        # Unreviewed first, most check-worthy first.
        assert [row.status for row in rows] == [ClaimStatus.UNREVIEWED] * len(rows)
        assert [row.check_worthiness for row in rows] == sorted((row.check_worthiness for row in rows), reverse=True)
    elif query.startswith("?status"):
        assert all(row.status == ClaimStatus.UNREVIEWED and row.check_worthiness >= HIGH_WORTHINESS for row in rows)
    elif query == "?assigned=mine":
        assert all(row.assigned_to_id == newsroom.reviewer.pk and row.status == ClaimStatus.IN_REVIEW for row in rows)
    elif query.startswith("?q="):
        assert all("exports" in row.text.lower() for row in rows)
    else:
        assert all(row.already_checked for row in rows)
        assert all(row.claim_matches.filter(score__gte=ALREADY_CHECKED_SCORE).exists() for row in rows[:5])


# --- the dashboard --------------------------------------------------------------------------------

TITLE = re.compile(r"<title>([^<:]+): (\d+) ([a-z -]+)</title>")


def _dashboard_figures(page: str) -> dict[str, dict[str, int]]:
    """{unit: {label: value}} from the charts' bar titles ("Unreviewed: 78 claims")."""
    figures = {}
    for label, value, unit in TITLE.findall(page):
        figures.setdefault(unit, {})[label] = int(value)
    return figures


def test_dashboard_query_count_at_100000_claims_is_its_count_at_20_and_it_shows_the_real_totals(
        newsroom, reviewer_client, pytestconfig):
    get_counted(reviewer_client, INDEX)  # warms the content-type and permission caches
    _, small_page, small_queries, _ = at_small_scale(newsroom, lambda: get_counted(reviewer_client, INDEX))
    assert "Unreviewed: " in small_page.decode()
    _, page, queries, seconds = get_counted(reviewer_client, INDEX)
    _say(pytestconfig, f"dashboard: {len(small_queries)} queries at 20 claims, {len(queries)} at {CLAIMS:,} "
                       f"({seconds * 1000:.0f} ms)")
    assert len(queries) == len(small_queries)

    page = page.decode()
    figures = _dashboard_figures(page)
    by_status = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("*")))
    assert figures["claims"] == {status.label: by_status.get(status.value, 0) for status in ClaimStatus}
    assert sum(by_status.values()) == CLAIMS and f"{CLAIMS} claims in all." in page
    assert all(by_status.get(status.value) for status in ClaimStatus)  # every status is there, in bulk

    published = Claim.objects.published()
    by_rating = dict(published.order_by().values_list("rating").annotate(n=Count("*")))
    labels = dict(RatingLevel.objects.values_list("slug", "label"))
    assert figures["fact-checks"] == {labels[slug]: by_rating.get(slug, 0) for slug in labels}

    since = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=admin_dashboard.DAYS - 1),
                                                 day_start.min))
    new = Claim.objects.filter(created_at__gte=since).count()
    assert sum(figures["new claims"].values()) == new and 0 < new < CLAIMS
    assert sum(figures["published"].values()) == published.filter(first_published_at__gte=since).count() > 0

    mine = Claim.objects.filter(assigned_to=newsroom.reviewer, status=ClaimStatus.IN_REVIEW).count()
    assert re.search(rf'class="ct-big" href="[^"]*">{mine}</a>', page) and mine > 1000
    oldest = re.findall(r'<tr><td><a href="/admin/claims/claim/(\d+)/change/">', page)
    assert len(oldest) == admin_dashboard.OLDEST_SHOWN
    assert [int(pk) for pk in oldest] == list(admin_dashboard.oldest_checkworthy().values_list("pk", flat=True))


# --- the CSV export -------------------------------------------------------------------------------

def test_csv_export_query_count_at_100000_claims_is_its_count_at_20(newsroom, reviewer_client, pytestconfig):
    _, small_body, small_queries, _ = at_small_scale(newsroom, lambda: get_counted(reviewer_client, CSV_URL))
    assert len(list(csv.reader(small_body.decode().splitlines()))) == SMALL_ARTICLES * SMALL_PER_ARTICLE + 1
    response, body, queries, seconds = get_counted(reviewer_client, CSV_URL)
    _say(pytestconfig, f"CSV export: {len(small_queries)} queries at 20 claims, {len(queries)} at {CLAIMS:,} "
                       f"({seconds:.1f} s in this process, {len(body) / 2**20:.1f} MB)")
    assert response.streaming
    assert len(queries) == len(small_queries)
    rows = csv.reader(io.StringIO(body.decode(), newline=""))
    assert next(rows) == [column.header for column in CLAIM_CSV_COLUMNS]
    assert sum(1 for _ in rows) == CLAIMS


# A fresh process: Django loaded, a reviewer signed in, the export read to the end into a file.
EXPORT_PROCESS = r"""
import json, sys, time
import django
django.setup()
from django.db import connections
connections["default"].settings_dict["NAME"] = sys.argv[1]  # the test database, before the first query
import psutil
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username=sys.argv[2]))
rss_before = psutil.Process().memory_info().rss
started = time.perf_counter()
response = client.get(sys.argv[3])
assert response.status_code == 200 and response.streaming, response.status_code
with open(sys.argv[4], "wb") as out:
    for chunk in response.streaming_content:
        out.write(chunk)
response.close()
seconds = time.perf_counter() - started
client.logout()
with open("/proc/self/status") as status:  # VmHWM: this process image's peak RSS, in kB
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"rss_before_mb": rss_before / 2**20, "peak_rss_mb": peak / 1024, "seconds": seconds}))
"""


def test_csv_export_of_100000_claims_streams_with_peak_memory_under_150_mb(newsroom, pytestconfig):
    database = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "claims.csv")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        done = subprocess.run([sys.executable, "-c", EXPORT_PROCESS, database, newsroom.reviewer.username, CSV_URL,
                               out], capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        with open(out, newline="", encoding="utf-8") as file:
            reader = csv.reader(file)
            header = next(reader)
            ids = {int(row[0]) for row in reader}
        megabytes = os.path.getsize(out) / 2**20
    _say(pytestconfig, f"CSV export in a fresh process: {len(ids):,} rows, {megabytes:.1f} MB in "
                       f"{measured['seconds']:.1f} s; RSS {measured['rss_before_mb']:.0f} MB before the request, "
                       f"peak {measured['peak_rss_mb']:.0f} MB")
    assert header == [column.header for column in CLAIM_CSV_COLUMNS]
    assert len(ids) == CLAIMS == Claim.objects.count()
    assert measured["peak_rss_mb"] < CSV_PEAK_MB
