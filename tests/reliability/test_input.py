"""Proof 4: bad input everywhere gives a clear 4xx or command error and writes nothing; plus the
regression tests for what the fuzzing (proof 1) and the fault proofs (proof 3) found."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import OperationalError
from rest_framework.test import APIClient

from claims.api import exceptions as api_exceptions
from claims.api.filters import DATETIME_OUT_OF_RANGE
from claims.api.views import ClaimViewSet
from claims.models import Article, Claim, ClaimEvent, Verdict

SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>bold</b>'


def snapshot():
    return (Article.objects.count(), Claim.objects.count(), ClaimEvent.objects.count(), Verdict.objects.count(),
            list(Claim.objects.order_by("id").values_list("status", "version", "start", "end")))


@pytest.fixture
def as_editor(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['editor']}")
    return client


@pytest.fixture
def as_reviewer(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['reviewer']}")
    return client


# --- API bodies ---

def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("name", ["nul-title", "nul-body", "huge-body", "nested", "wrong-types", "not-json"])
def test_bad_article_bodies_are_clear_4xx_and_write_nothing(as_editor, name):
    bodies = {
        "nul-title": {"title": "A\x00B", "body": "Exports rose 12% in 2024."},
        "nul-body": {"title": "A title", "body": "Exports rose\x00 12% in 2024."},
        "huge-body": {"title": "A title", "body": "x" * (10 * 1024 * 1024)},
        "wrong-types": {"title": ["a"], "body": {"b": 1}, "published_at": 12},
    }
    before = snapshot()
    if name == "nested":
        response = as_editor.generic("POST", "/api/articles/", '{"title": ' + _nested(100_000) + "}",
                                     content_type="application/json")
    elif name == "not-json":
        response = as_editor.generic("POST", "/api/articles/", b"\xff\xfe{", content_type="application/json")
    else:
        response = as_editor.post("/api/articles/", bodies[name], format="json")

    assert response.status_code in (400, 413), (name, response.status_code, response.content[:300])
    assert isinstance(response.json(), dict)
    assert snapshot() == before


@pytest.mark.parametrize(("start", "end"), [(2**70, 2**70 + 5), (-1, 5), (0, 2**31), (10, 5), (0, 10**6),
                                            ("1", "x"), (None, 3), (1.5, 3)])
def test_claim_spans_out_of_range_are_400(as_editor, world, start, end):
    before = snapshot()

    response = as_editor.post("/api/claims/", {"article": world.article_ids[0], "start": start, "end": end},
                              format="json")

    assert response.status_code == 400, response.content[:300]
    assert snapshot() == before


def test_huge_and_negative_integers_in_edits_and_versions_are_400(as_editor, world):
    claim_id = world.claim_ids[0]
    before = snapshot()
    for body in ({"start": 2**70}, {"end": -5}, {"version": 2**70, "kind": "quote"}, {"version": -1, "kind": "quote"}):
        assert as_editor.patch(f"/api/claims/{claim_id}/", body, format="json").status_code == 400, body
    for body in ({"action": "start", "version": 2**70}, {"action": "start", "version": -3}):
        assert as_editor.post(f"/api/claims/{claim_id}/transition/", body, format="json").status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("action", ["explode", "", None, 7, "START", "start\x00"])
def test_unknown_actions_are_400(as_reviewer, world, action):
    before = snapshot()

    response = as_reviewer.post(f"/api/claims/{world.claim_ids[0]}/transition/", {"action": action}, format="json")

    assert response.status_code == 400
    assert "action" in response.json()
    assert snapshot() == before


def test_nul_bytes_in_a_verdict_are_400_and_write_nothing(as_reviewer, world):
    before = snapshot()
    response = as_reviewer.post(f"/api/claims/{world.claim_ids[0]}/transition/",
                                {"action": "rate", "rating": "false", "summary": "No\x00pe"}, format="json")

    assert response.status_code == 400
    assert snapshot() == before


def test_html_is_stored_as_text_and_escaped_in_the_admin(world, client):
    editor = APIClient()
    editor.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['editor']}")
    created = editor.post("/api/articles/", {
        "title": f"Title {SCRIPT}", "body": f"The minister said {SCRIPT} that exports rose 12% in 2024.",
        "source": f"Outlet {SCRIPT}"}, format="json")
    assert created.status_code == 201, created.content[:300]
    article = Article.objects.get(pk=created.json()["id"])
    assert SCRIPT in article.title and SCRIPT in article.body  # stored as text, unchanged
    claim_id = world.claim_ids[0]
    reviewer = APIClient()
    reviewer.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['reviewer']}")
    assert reviewer.post(f"/api/claims/{claim_id}/transition/", {
        "action": "rate", "rating": "false", "summary": f"Summary {SCRIPT}", "note": f"Note {SCRIPT}",
        "evidence": [{"url": "https://example.org/a", "title": f"Evidence {SCRIPT}", "excerpt": SCRIPT}]},
        format="json").status_code in (200, 409)
    assert json.loads(json.dumps(created.json()))["title"] == f"Title {SCRIPT}"  # JSON carries text as text

    client.force_login(world.editor.__class__.objects.create_superuser("rel-root", "r@example.org", "x-long-pw-1"))
    pages = [f"/admin/claims/article/{article.pk}/change/", "/admin/claims/article/",
             f"/admin/claims/claim/{claim_id}/change/", "/admin/claims/claim/", "/admin/claims/source/",
             f"/admin/claims/claim/{claim_id}/history/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "<script>alert(" not in html, page
        assert "<b onmouseover" not in html, page


# --- Seed files (the common cases are in tests/commands/test_load_seeds.py) ---

@pytest.mark.parametrize(("name", "content", "message"), [
    ("utf16.txt", "Title\n\nBody text.".encode("utf-16"), "contains a NUL byte"),
    ("escaped-nul.json", b'{"title": "A", "body": "Exports\\u0000 rose."}', "NUL bytes"),
    ("escaped-nul.jsonl", b'{"title": "A\\u0000", "body": "Exports rose."}\n', "NUL bytes"),
    ("latin1.jsonl", '{"title": "Caf\xe9", "body": "Prices rose."}\n'.encode("latin-1"), "not valid UTF-8"),
    ("deep.json", b'{"title": "A", "body": ' + _nested(100_000).encode() + b"}", "nested too deeply"),
    ("deep.jsonl", _nested(100_000).encode() + b"\n", "nested too deeply"),
    ("number.json", b"12", "expected a JSON object"),
    ("random.txt", bytes(range(1, 256)) * 4, "not valid UTF-8"),
])
def test_more_bad_seed_files_are_command_errors_and_write_nothing(db, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command("load_seeds", str(tmp_path / name), stdout=StringIO(), stderr=stderr)

    assert message in stderr.getvalue()
    assert Article.objects.count() == 0 and Claim.objects.count() == 0


def test_seed_file_with_bom_and_crlf_loads_clean(db, tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffExports report\r\n\r\nExports rose 12% in 2024, the ministry said.\r\n"
                                       .encode("utf-8"))

    call_command("load_seeds", str(tmp_path), stdout=StringIO())

    article = Article.objects.get()
    assert article.title == "Exports report"
    assert "\r" not in article.body and "\ufeff" not in article.body


# --- Regressions of what the proofs found ---

def _schema():
    return yaml.safe_load(APIClient().get("/api/schema/").content)["components"]["schemas"]


def test_regression_null_fields_are_nullable_in_the_schema():
    schemas = _schema()
    for component, name in [("Claim", "rank"), ("Claim", "assigned_to"), ("Article", "rank"),
                            ("ArticleWithClaims", "rank"), ("Verdict", "reviewer")]:
        assert schemas[component]["properties"][name].get("nullable") is True, (component, name)


@pytest.mark.parametrize("query", ["/api/claims/?created_after=0422-09-13T17:19:48-22:48",
                                   "/api/articles/?published_before=0230-04-17T18:14:40-16:40"])
def test_regression_date_times_postgres_cannot_take_are_400_not_500(world, as_editor, query):
    response = as_editor.get(query)

    assert response.status_code == 400
    assert DATETIME_OUT_OF_RANGE in json.dumps(response.json())


@pytest.mark.parametrize(("query", "count"), [("/api/claims/?created_before=0001-01-01T00:00:00%2B01:00", 0),
                                              ("/api/claims/?created_after=9999-12-31T23:59:59-05:00", 0),
                                              ("/api/claims/?created_after=0001-01-01T00:00:00%2B01:00", None)])
def test_regression_moments_past_the_years_1_to_9999_in_utc_are_their_first_or_last_moment(world, as_editor,
                                                                                          query, count):
    # Before issue 13 a 400; the schema's date-time pattern admits them, so the API takes them.
    response = as_editor.get(query)

    assert response.status_code == 200, response.content[:300]
    assert len(response.json()["results"]) == (count if count is not None else len(world.claim_ids))


def test_regression_bad_page_numbers_are_400_not_an_undocumented_404(world):
    for query in ("page=0", "page=abc", "page=1000000000000001"):
        response = APIClient().get(f"/api/claimants/?{query}")
        assert response.status_code == 400, query
        assert "page" in response.json()
    # A page past the last (issue 13): empty, as the schema's page numbers from 1 up promise.
    assert APIClient().get("/api/claimants/?page=99999").json()["results"] == []


def test_regression_unknown_format_on_the_feed_is_a_documented_404(world):
    response = APIClient().get("/api/claimreview/?format=AAA")

    assert response.status_code == 404
    assert "404" in yaml.safe_load(APIClient().get("/api/schema/").content)["paths"]["/api/claimreview/"]["get"][
        "responses"]


def test_regression_database_outage_is_a_json_503(world, monkeypatch):
    def unreachable(self):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(ClaimViewSet, "get_queryset", unreachable)

    response = APIClient().get("/api/claims/")

    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"]


def test_regression_database_outage_outside_a_view_is_a_json_503(rf):
    request = rf.get("/api/claims/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = api_exceptions.handler500(request)

    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "database_unavailable"
