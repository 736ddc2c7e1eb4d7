"""Issue 13, first part: server errors that anyone could trigger, each now a 400 (or 412, 413) that
names the parameter. Each test failed with a 500 (or the wrong claim moved) before its fix."""

import base64
import json

import pytest

from claims.models import ClaimStatus
from claimtracker.middleware import NUL_PARAMETER
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def published_claims(count=3):
    article = ArticleFactory(body="Coca production doubled. Coca exports rose. Minister said coca fell.")
    spans = [(0, 23), (24, 42), (43, 66)]
    return [ClaimFactory(article=article, start=start, end=end, text=article.body[start:end],
                         status=ClaimStatus.PUBLISHED) for start, end in spans[:count]]


@pytest.mark.parametrize("q", [" ", "\xa0", "\u3000", "\x1d", " \t "])
@pytest.mark.parametrize("path", ["/api/claims/", "/api/articles/"])
def test_a_search_of_white_space_only_is_a_plain_list(anon, path, q):
    published_claims()
    response = anon.get(path, {"q": q})
    assert response.status_code == 200, response.content[:300]
    assert "results" in response.json()


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("raw", ["o=0&p=abc", "o=0&p=';select", "o=0&p=\x00", "o=0&r=1&p=1e999x", "p=2026-13-45"])
def test_a_tampered_cursor_is_a_400_that_names_the_cursor(anon, raw):
    claims = published_claims()
    for path in ("/api/claims/", f"/api/articles/{claims[0].article_id}/claims/", "/api/articles/"):
        response = anon.get(path, {"cursor": cursor(raw)})
        assert response.status_code == 400, (path, response.content[:300])
        assert response.json() == {"cursor": ["Invalid cursor."]}


@pytest.mark.parametrize("page", ["99999999999999999999", str(2**63), str(2**63 // 50)])
def test_a_search_page_past_any_result_is_a_400_that_names_the_page(anon, page):
    published_claims()
    response = anon.get("/api/claims/", {"q": "coca", "page": page})
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()) == ["page"]


@pytest.mark.parametrize("parameter", ["status", "claimant", "article__language", "q"])
def test_a_nul_in_an_admin_filter_is_a_400_that_names_it(client, reviewer, parameter):
    published_claims()
    client.force_login(reviewer)
    response = client.get("/admin/claims/claim/", {parameter: "\x00"})
    assert response.status_code == 400
    assert response.content.decode() == NUL_PARAMETER.format(name=parameter)


def test_a_nul_in_an_api_parameter_is_a_400_that_names_it(anon):
    response = anon.get("/api/claims/", {"claimant": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {"claimant": [NUL_PARAMETER.format(name="claimant")]}


def test_an_etag_of_another_claim_is_a_412_and_moves_nothing(as_reviewer):
    claim, other = published_claims(2)
    claim.status = ClaimStatus.UNREVIEWED
    claim.save(update_fields=["status"])

    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"},
                                HTTP_IF_MATCH=f'W/"{other.pk}-{claim.version}"')

    assert response.status_code == 412, response.content[:300]
    assert response.json()["code"] == "precondition_failed"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED

    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"},
                                HTTP_IF_MATCH=f'W/"{claim.pk}-{claim.version}"')
    assert response.status_code == 200


def test_a_body_over_the_upload_limit_is_a_413_that_gives_the_limit(as_editor, settings):
    claim = published_claims(1)[0]
    body = b'{"note": "' + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    response = as_editor.generic("PATCH", f"/api/claims/{claim.pk}/", body, content_type="application/json")
    assert response.status_code == 413
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in response.json()["detail"]


def test_a_body_between_djangos_default_upload_limit_and_the_article_limit_is_read(as_editor, settings):
    # Django's default (2.5 MiB) refused it unread with a bare 400 "Bad request.".
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 6 * settings.CLAIMTRACKER_MAX_ARTICLE_BYTES
    body = "x" * (3 * 2**20)
    response = as_editor.post("/api/articles/", {"body": body}, format="json")  # no title: refused once read
    assert response.status_code == 400
    assert response.json() == {"title": ["This field is required."]}


@pytest.mark.parametrize("moment", ["2026-11-02T08:30:00+20:00", "2026-11-02T08:30:00-15:00"])
def test_published_at_follows_one_rule_for_utc_offsets(as_editor, tmp_path, moment):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from claims.errors import IngestMessage

    article = ArticleFactory()
    response = as_editor.patch(f"/api/articles/{article.pk}/", {"published_at": moment}, format="json")
    assert response.status_code == 400
    assert response.json() == {"published_at": [IngestMessage.DATETIME_OUT_OF_RANGE]}
    response = as_editor.post("/api/articles/", {"title": "T", "body": "Exports rose 5%.", "published_at": moment},
                              format="json")
    assert response.status_code == 400
    assert response.json() == {"published_at": [IngestMessage.DATETIME_OUT_OF_RANGE]}
    assert as_editor.get("/api/articles/", {"published_after": moment}).status_code == 400

    seed = tmp_path / "a.jsonl"
    seed.write_text(json.dumps({"title": "T", "body": "Exports rose 5%.", "published_at": moment}) + "\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("load_seeds", str(seed), stdout=out, stderr=out)
    assert f"{seed}:1: published_at '{moment}': {IngestMessage.DATETIME_OUT_OF_RANGE}" in out.getvalue()


def test_published_at_within_fourteen_hours_is_stored_in_utc(as_editor):
    article = ArticleFactory()
    response = as_editor.patch(f"/api/articles/{article.pk}/", {"published_at": "2026-11-02T08:30:00+14:00"},
                               format="json")
    assert response.status_code == 200, response.content[:300]
    article.refresh_from_db()
    assert article.published_at.isoformat() == "2026-11-01T18:30:00+00:00"
