"""The raw limit: a minimal WSGI handler running the same reads with psycopg2 and orjson.

Served by the same gunicorn as the product (see `bench.wsgi`), under /bench-baseline/. Each request
does what the API's request needs at the least: the token lookup, the page's one query (or the
detail's four), and a JSON body with the same fields. No framework, no ORM, no permission logic.
"""

import html
import os
import re
from urllib.parse import parse_qs

import orjson
import psycopg2

PREFIX = "/bench-baseline/"
_connection = None

LIST_SQL = """
SELECT c.id, a.id, a.title, a.url, c.start, c."end", c.text, cl.id, cl.name, cl.description, c.kind,
       c.check_worthiness, c.extractor, c.edited_by_hand, c.status, c.rating, u.username,
       c.first_published_at, c.version, c.created_at, c.updated_at
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_claimant cl ON cl.id = c.claimant_id
LEFT JOIN auth_user u ON u.id = c.assigned_to_id
WHERE c.status = %s
ORDER BY c.check_worthiness DESC, c.id DESC
LIMIT 51
"""
DETAIL_SQL = LIST_SQL.replace("WHERE c.status = %s", "WHERE c.id = %s").replace(
    "ORDER BY c.check_worthiness DESC, c.id DESC\nLIMIT 51", "").replace(
    "c.updated_at\n", "c.updated_at, c.current_verdict_id\n")
VERDICT_SQL = """
SELECT v.id, v.rating, v.summary, r.username, v.is_correction, v.created_at
FROM claims_verdict v JOIN auth_user r ON r.id = v.reviewer_id WHERE v.id = %s
"""
EVIDENCE_SQL = "SELECT url, title, excerpt, stance FROM claims_evidence WHERE verdict_id = %s ORDER BY id"
EVENTS_SQL = """
SELECT e.id, e.action, e.from_status, e.to_status, e.rating, u.username, e.verdict_id, e.version, e.note,
       e.created_at
FROM claims_claimevent e LEFT JOIN auth_user u ON u.id = e.actor_id
WHERE e.claim_id = %s ORDER BY e.created_at DESC, e.id DESC
"""
# The public site (no token): the page of published fact-checks with its count, and one fact-check page.
PUBLIC_LIST_SQL = """
SELECT c.id, c.text, a.title, s.name, cl.name, r.label, v.summary, c.first_published_at
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_source s ON s.id = a.source_id
LEFT JOIN claims_claimant cl ON cl.id = c.claimant_id
LEFT JOIN claims_ratinglevel r ON r.slug = c.rating
LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
WHERE c.status = 'published'
ORDER BY c.first_published_at DESC, c.id DESC
LIMIT 20
"""
PUBLIC_COUNT_SQL = "SELECT count(*) FROM claims_claim WHERE status = 'published'"
PUBLIC_DETAIL_SQL = """
SELECT c.id, c.text, a.title, a.url, a.published_at, s.name, cl.name, r.label, r.description, v.summary,
       c.first_published_at, c.updated_at, c.current_verdict_id
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_source s ON s.id = a.source_id
LEFT JOIN claims_claimant cl ON cl.id = c.claimant_id
LEFT JOIN claims_ratinglevel r ON r.slug = c.rating
LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
WHERE c.id = %s AND c.status = 'published'
"""
_PUBLIC_DETAIL_PATH = re.compile(r"^public/([0-9]+)/$")
TOKEN_SQL = """
SELECT u.id FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id WHERE t.key = %s AND u.is_active
"""
_DETAIL_PATH = re.compile(r"^claims/([0-9]+)/$")


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["BENCH_BASELINE_DSN"])
        _connection.autocommit = True
    return _connection.cursor()


def _claim(row) -> dict:
    return {
        "id": row[0], "article": {"id": row[1], "title": row[2], "url": row[3]}, "start": row[4], "end": row[5],
        "text": row[6], "claimant": {"id": row[7], "name": row[8], "description": row[9]} if row[7] else None,
        "kind": row[10], "check_worthiness": row[11], "extractor": row[12], "edited_by_hand": row[13],
        "status": row[14], "rating": row[15], "assigned_to": row[16], "first_published_at": row[17],
        "version": row[18], "created_at": row[19], "updated_at": row[20], "rank": None,
    }


def claim_list(cursor, query: dict) -> dict:
    cursor.execute(LIST_SQL, [query.get("status", ["unreviewed"])[0]])
    rows = cursor.fetchall()
    return {"next": "cursor" if len(rows) > 50 else None, "previous": None,
            "results": [_claim(row) for row in rows[:50]]}


def claim_detail(cursor, claim_id: int) -> dict | None:
    cursor.execute(DETAIL_SQL, [claim_id])
    row = cursor.fetchone()
    if row is None:
        return None
    claim = _claim(row)
    claim["verdict"] = None
    if row[21]:
        cursor.execute(VERDICT_SQL, [row[21]])
        verdict = cursor.fetchone()
        cursor.execute(EVIDENCE_SQL, [row[21]])
        claim["verdict"] = {
            "id": verdict[0], "rating": verdict[1], "summary": verdict[2], "reviewer": verdict[3],
            "is_correction": verdict[4], "created_at": verdict[5],
            "evidence": [dict(zip(("url", "title", "excerpt", "stance"), item)) for item in cursor.fetchall()],
        }
    cursor.execute(EVENTS_SQL, [claim_id])
    claim["history"] = [
        dict(zip(("id", "action", "from_status", "to_status", "rating", "actor", "verdict", "version", "note",
                  "created_at"), event)) for event in cursor.fetchall()]
    claim["allowed_actions"] = []
    return claim


def _cell(value) -> str:
    return html.escape("" if value is None else str(value))


def public_list(cursor) -> str:
    cursor.execute(PUBLIC_COUNT_SQL)
    total = cursor.fetchone()[0]
    cursor.execute(PUBLIC_LIST_SQL)
    rows = cursor.fetchall()
    items = "".join(f"<li><a href='/fact-checks/{row[0]}/'>{_cell(row[1])}</a> {_cell(row[2])} {_cell(row[3])} "
                    f"{_cell(row[4])} <b>{_cell(row[5])}</b> {_cell(row[6])[:200]} {_cell(row[7])}</li>" for row in rows)
    return f"<!doctype html><html lang='en'><body><p>{total}</p><ol>{items}</ol></body></html>"


def public_detail(cursor, claim_id: int) -> str | None:
    cursor.execute(PUBLIC_DETAIL_SQL, [claim_id])
    row = cursor.fetchone()
    if row is None:
        return None
    cursor.execute(EVIDENCE_SQL, [row[12]])
    evidence = "".join(f"<li><a href='{_cell(e[0])}'>{_cell(e[1])}</a> {_cell(e[2])} {_cell(e[3])}</li>"
                       for e in cursor.fetchall())
    review = orjson.dumps({"@type": "ClaimReview", "claimReviewed": row[1], "reviewRating": row[7],
                           "datePublished": row[10], "dateModified": row[11]}).decode().replace("<", "\\u003c")
    return (f"<!doctype html><html lang='en'><body><h1>{_cell(row[1])}</h1><p>{_cell(row[6])} {_cell(row[2])} "
            f"{_cell(row[3])} {_cell(row[4])} {_cell(row[5])}</p><p>{_cell(row[7])}: {_cell(row[8])}</p>"
            f"<p>{_cell(row[9])}</p><ul>{evidence}</ul><script type='application/ld+json'>{review}</script></body></html>")


def public_application(path: str, start_response):
    cursor = _cursor()
    try:
        if path == "public/":
            body = public_list(cursor)
        elif match := _PUBLIC_DETAIL_PATH.match(path):
            body = public_detail(cursor, int(match.group(1)))
        else:
            body = None
    finally:
        cursor.close()
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"Not found."]
    data = body.encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")[len(PREFIX):]
    if path.startswith("public/"):
        return public_application(path, start_response)
    cursor = _cursor()
    try:
        token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Token ").strip()
        cursor.execute(TOKEN_SQL, [token])
        if cursor.fetchone() is None:
            start_response("401 Unauthorized", [("Content-Type", "application/json")])
            return [b'{"detail":"Authentication credentials were not provided."}']
        if path == "claims/":
            body = claim_list(cursor, parse_qs(environ.get("QUERY_STRING", "")))
        elif match := _DETAIL_PATH.match(path):
            body = claim_detail(cursor, int(match.group(1)))
        else:
            body = None
    finally:
        cursor.close()
    if body is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    data = orjson.dumps(body)
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
