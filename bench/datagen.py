"""Fill a database with articles, claims, verdicts, evidence and history, fast (COPY), reusably.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtracker_bench \
        python -m bench.datagen --claims 1000000 --articles 50000

Articles are composed from real sentences (the `Text` column of every TSV of the check-worthiness data
set: `training.datasets.CHECKWORTHINESS`, or the folder in CLAIMTRACKER_SENTENCES); every
claim is one of those sentences, its span computed on the composed body, so `text == body[start:end]`
holds exactly (checked at the end with the same test as the `claims_claim_span_matches_body` trigger).
A marker table records what was generated: a second run with the same size and seed reuses it.
"""

import argparse
import io
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from training.datasets import CHECKWORTHINESS, sentence_rows

DATASET_DIR = Path(os.environ.get("CLAIMTRACKER_SENTENCES", CHECKWORTHINESS))
MARKER_TABLE = "bench_dataset"
BENCH_PASSWORD = "bench-password-not-secret"
REVIEWER = "bench-reviewer"
EDITOR = "bench-editor"

# The mix of a desk's backlog: most claims never get looked at.
STATUS_MIX = [("unreviewed", 0.84), ("in_review", 0.04), ("reviewed", 0.03), ("published", 0.05),
              ("dismissed", 0.04)]
RATINGS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading", "unproven"]
KINDS = ["quote", "statistic", "event", "attribution", "prediction", "opinion", "other"]
LANGUAGES = [("en", 0.78), ("es", 0.06), ("fr", 0.05), ("de", 0.04), ("nl", 0.03), ("pt", 0.02), ("it", 0.02)]
FIRST = ["Maria", "John", "Aisha", "Carlos", "Wei", "Olga", "Ahmed", "Sofia", "Peter", "Fatima", "Luis",
         "Anna", "David", "Chen", "Ivan", "Grace", "Pablo", "Nadia", "Tom", "Elena", "Kofi", "Yuki", "Ravi"]
LAST = ["Smith", "Garcia", "Khan", "Müller", "Rossi", "Nguyen", "Silva", "Kowalski", "Okafor", "Dubois",
        "Jansen", "Petrov", "Tanaka", "Haddad", "López", "Brown", "Ivanova", "Mensah", "Park", "Costa"]
EXTRACTOR = "claimtracker-extract/1.0+bench"
# Scores of made-up claims: no model re-scores them ("reviewer" is the one value no job touches).
SCORED_BY = "reviewer"
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def article_sentences(directory: Path = DATASET_DIR) -> list[str]:
    """The distinct `Text`s of every TSV in the folder, white space collapsed, 20 to 400 characters, sorted."""
    sentences = set()
    for path in sorted(directory.glob("*.tsv")):
        for row in sentence_rows(path):
            text = " ".join((row.get("Text") or "").split())
            if 20 <= len(text) <= 400:
                sentences.add(text)
    if not sentences:
        raise SystemExit(f"No sentences found in {directory}/*.tsv")
    return sorted(sentences)


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class CopyBuffer:
    """Rows for one table, sent with COPY when flushed."""

    def __init__(self, table: str, columns: list[str]):
        self.table, self.columns, self.buffer, self.rows = table, columns, io.StringIO(), 0

    def add(self, *values):
        self.buffer.write("\t".join(map(_copy_value, values)))
        self.buffer.write("\n")
        self.rows += 1

    def flush(self, cursor):
        if not self.rows:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{column}"' for column in self.columns)
        cursor.copy_expert(f"COPY {self.table} ({columns}) FROM STDIN", self.buffer)
        self.buffer, self.rows = io.StringIO(), 0


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


def _users(reviewers: int = 5, editors: int = 2) -> tuple[list[int], list[int]]:
    """Bench accounts in the migration's groups; the first reviewer is the benchmark's login."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims.models import Role

    User = get_user_model()
    ids = {}
    for role, count, prefix in ((Role.REVIEWERS, reviewers, REVIEWER), (Role.EDITORS, editors, EDITOR)):
        group = Group.objects.get(name=role)  # made by migration 0004
        ids[role] = []
        for number in range(count):
            username = prefix if number == 0 else f"{prefix}-{number}"
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.set_password(BENCH_PASSWORD)
                user.save()
            user.groups.add(group)
            ids[role].append(user.pk)
    return ids[Role.REVIEWERS], ids[Role.EDITORS]


def existing_dataset(cursor) -> tuple[int, int, int] | None:
    cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT claims, articles, seed FROM {MARKER_TABLE} ORDER BY created_at DESC LIMIT 1")
    return cursor.fetchone()


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of indexes that back no constraint: safe to drop and rebuild."""
    cursor.execute("""
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    """, [table])
    return cursor.fetchall()


def generate(*, claims: int, articles: int, seed: int = 6, sentences: list[str] | None = None,
             rebuild_indexes: bool | None = None, log=print) -> dict:
    """Write the data set through Django's default connection, in one transaction. Returns counts."""
    from django.db import connection, transaction

    from claims.ingest.articles import content_hash

    rng = random.Random(seed)
    sentences = sentences or article_sentences()
    articles = max(1, min(articles, claims))
    rebuild_indexes = claims >= 100_000 if rebuild_indexes is None else rebuild_indexes
    started = time.perf_counter()
    reviewers, editors = _users()
    counts = dict.fromkeys(["articles", "claims", "verdicts", "evidence", "events"], 0)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # Skips per-row triggers (FK checks, the span trigger); both are verified below in bulk.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("TRUNCATE claims_claimevent, claims_evidence, claims_verdict, claims_claim, "
                       "claims_article, claims_claimant, claims_source RESTART IDENTITY CASCADE")
        dropped = []
        if rebuild_indexes:
            for table in ("claims_claim", "claims_article", "claims_claimevent"):
                for name, definition in _secondary_indexes(cursor, table):
                    cursor.execute(f'DROP INDEX "{name}"')
                    dropped.append(definition)

        sources = CopyBuffer("claims_source", ["id", "name", "url"])
        for number in range(1, 201):
            sources.add(number, f"Bench Outlet {number}", f"https://outlet{number}.example/")
        sources.flush(cursor)
        claimant_names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}" for number in range(3000)})
        claimant_buffer = CopyBuffer("claims_claimant", ["id", "name", "description"])
        for number, name in enumerate(claimant_names, start=1):
            claimant_buffer.add(number, name, rng.choice(["", "Minister", "Senator", "CEO", "Spokesperson"]))
        claimant_buffer.flush(cursor)

        article_buf = CopyBuffer("claims_article", [
            "id", "title", "body", "url", "source_id", "language", "title_language", "published_at",
            "content_hash", "created_at", "updated_at"])
        claim_buf = CopyBuffer("claims_claim", [
            "id", "article_id", "start", "end", "text", "claimant_id", "kind", "check_worthiness",
            "check_worthiness_model", "check_worthiness_scored_at", "extractor", "edited_by_hand", "status", "rating",
            "current_verdict_id", "assigned_to_id", "first_published_at", "version", "created_at", "updated_at"])
        verdict_buf = CopyBuffer("claims_verdict", [
            "id", "claim_id", "rating", "summary", "reviewer_id", "is_correction", "created_at"])
        evidence_buf = CopyBuffer("claims_evidence", ["id", "verdict_id", "url", "title", "excerpt", "stance"])
        event_buf = CopyBuffer("claims_claimevent", [
            "id", "claim_id", "actor_id", "action", "from_status", "to_status", "rating", "verdict_id",
            "version", "note", "created_at"])
        buffers = [article_buf, claim_buf, verdict_buf, evidence_buf, event_buf]

        claim_id = verdict_id = evidence_id = event_id = 0
        per_article, extra = divmod(claims, articles)
        span_seconds = 730 * 86400
        for article_id in range(1, articles + 1):
            wanted = per_article + (1 if article_id <= extra else 0)
            filler = rng.randint(2, 8)
            picked = rng.sample(sentences, min(len(sentences), wanted + filler + 1))
            while len(picked) < wanted + filler + 1:
                picked.append(rng.choice(sentences))
            title = picked[0][:200]
            is_claim = [True] * wanted + [False] * filler
            rng.shuffle(is_claim)
            parts, spans, offset = [], [], 0
            for index, (sentence, claimed) in enumerate(zip(picked[1:], is_claim)):
                separator = "" if index == 0 else ("\n\n" if index % 4 == 0 else " ")
                offset += len(separator)
                parts.append(separator + sentence)
                if claimed:
                    spans.append((offset, offset + len(sentence), sentence))
                offset += len(sentence)
            body = "".join(parts)
            created = EPOCH + timedelta(seconds=int(span_seconds * article_id / articles) + rng.randint(0, 600))
            language = _pick(rng, LANGUAGES)
            article_buf.add(
                article_id, title, body, f"https://news.example/{article_id}", rng.randint(1, 200), language,
                language, created - timedelta(hours=rng.randint(1, 48)), content_hash(title, body), created, created)
            counts["articles"] += 1
            for start, end, text in spans:
                claim_id += 1
                status = _pick(rng, STATUS_MIX)
                worthiness = round(rng.betavariate(2, 3), 4)
                rating = verdict = assignee = published_at = None
                at = created + timedelta(minutes=rng.randint(5, 5000))
                version = 1
                history = []  # (action, from, to, actor, with_verdict)
                if status != "unreviewed":
                    reviewer = rng.choice(reviewers)
                    if status == "dismissed":
                        history.append(("dismiss", "unreviewed", "dismissed", reviewer, False))
                    else:
                        assignee = reviewer
                        history.append(("start", "unreviewed", "in_review", reviewer, False))
                        if status in ("reviewed", "published"):
                            rating = rng.choice(RATINGS)
                            verdict_id += 1
                            verdict = verdict_id
                            verdict_buf.add(verdict_id, claim_id, rating,
                                            f"Checked against the record: {rng.choice(sentences)}",
                                            reviewer, False, at)
                            for _ in range(rng.randint(1, 3)):
                                evidence_id += 1
                                evidence_buf.add(evidence_id, verdict_id, f"https://source.example/{evidence_id}",
                                                 f"Source {evidence_id}", rng.choice(sentences),
                                                 rng.choice(["supports", "refutes", "context"]))
                            history.append(("rate", "in_review", "reviewed", reviewer, True))
                        if status == "published":
                            history.append(("publish", "reviewed", "published", rng.choice(editors), True))
                            published_at = at + timedelta(hours=len(history))
                for step, (action, from_status, to_status, actor, with_verdict) in enumerate(history, start=1):
                    event_id += 1
                    version = step + 1
                    event_buf.add(event_id, claim_id, actor, action, from_status, to_status,
                                  rating if with_verdict else None, verdict if with_verdict else None,
                                  version, "", at + timedelta(hours=step))
                updated = at + timedelta(hours=len(history)) if history else created
                claim_buf.add(
                    claim_id, article_id, start, end, text,
                    rng.randint(1, len(claimant_names)) if rng.random() < 0.6 else None,
                    rng.choice(KINDS), worthiness, SCORED_BY, created, EXTRACTOR, False, status, rating, verdict,
                    assignee, published_at, version, created, updated)
            if claim_buf.rows >= 50_000 or article_id == articles:
                for buffer in buffers:
                    buffer.flush(cursor)
                if log and claims >= 100_000:
                    log(f"  {article_id}/{articles} articles, {claim_id} claims "
                        f"({time.perf_counter() - started:.0f} s)")
        counts.update(claims=claim_id, verdicts=verdict_id, evidence=evidence_id, events=event_id)

        for definition in dropped:
            if log:
                log(f"  {definition[:110]}")
            cursor.execute(definition)
        for table in ("claims_source", "claims_claimant", "claims_article", "claims_claim", "claims_verdict",
                      "claims_evidence", "claims_claimevent"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"GREATEST((SELECT max(id) FROM {table}), 1))")
        cursor.execute("SET LOCAL session_replication_role = origin")
        _verify(cursor)
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
                       "(claims integer, articles integer, seed integer, created_at timestamptz DEFAULT now())")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (claims, articles, seed) VALUES (%s, %s, %s)",
                       [claims, articles, seed])
    vacuum_analyze()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _verify(cursor):
    """The span trigger's and the foreign keys' checks, in bulk (they were skipped row by row)."""
    checks = {
        "claim spans that do not match their article body": """
            SELECT count(*) FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
            WHERE c."end" > char_length(a.body) OR substr(a.body, c.start + 1, c."end" - c.start) <> c.text""",
        "claims whose verdict is missing or not theirs": """
            SELECT count(*) FROM claims_claim c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
            WHERE c.current_verdict_id IS NOT NULL AND (v.id IS NULL OR v.claim_id <> c.id)""",
        "rated claims without a verdict": """
            SELECT count(*) FROM claims_claim WHERE status IN ('reviewed', 'published')
            AND current_verdict_id IS NULL""",
        "events of missing claims": """
            SELECT count(*) FROM claims_claimevent e LEFT JOIN claims_claim c ON c.id = e.claim_id
            WHERE c.id IS NULL""",
    }
    for problem, sql in checks.items():
        cursor.execute(sql)
        if (found := cursor.fetchone()[0]):
            raise RuntimeError(f"Generated data is inconsistent: {found} {problem}.")


def vacuum_analyze():
    """Statistics for the planner and a visibility map for index-only scans."""
    from django.db import connection

    if connection.in_atomic_block:  # inside a test's transaction: ANALYZE is enough
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def ensure(*, claims: int, articles: int, seed: int = 6, force: bool = False, log=print) -> dict | None:
    """Generate unless the database already holds this data set; returns the counts, or None if reused."""
    from django.db import connection

    with connection.cursor() as cursor:
        found = existing_dataset(cursor)
        cursor.execute("SELECT count(*) FROM claims_claim")
        present = cursor.fetchone()[0]
    if not force and found == (claims, articles, seed) and present >= claims:
        if log:
            log(f"Reusing the data set already there: {present} claims over {articles} articles.")
        return None
    return generate(claims=claims, articles=articles, seed=seed, log=log)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--force", action="store_true", help="Generate again even if the data set is there.")
    parser.add_argument("--no-migrate", action="store_true")
    options = parser.parse_args(argv)
    from bench import setup

    setup()
    if not options.no_migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    result = ensure(claims=options.claims, articles=options.articles, seed=options.seed, force=options.force)
    if result:
        print(f"Generated {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
