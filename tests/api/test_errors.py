"""Whatever a client sends, the answer is JSON with a stable shape, never an HTML page or a 500."""

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.api.inputs import InputMessage
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400(as_reviewer, claim):
    response = as_reviewer.generic("POST", f"/api/claims/{claim.pk}/transition/", '{"action": "start",',
                                   content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_json_body_that_is_not_an_object_is_400(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", ["start"])
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_form_encoded_bodies_are_415(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body", [
    {"action": 3},
    {"action": None},
    {"action": "rate", "rating": "false", "summary": {"nested": True}},
    {"action": "rate", "rating": "false", "summary": "x", "evidence": [{"url": "https://e.org", "extra": 1}]},
    {"action": "rate", "rating": "false", "summary": "x", "evidence": [1, 2]},
    {"action": "start", "version": 10**30},
    {"action": "start", "note": "\x00"},
])
def test_wrong_types_are_400(as_reviewer, claim, body):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", body)
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict)


def test_unknown_nested_fields_are_named(as_reviewer, claim):
    response = as_reviewer.post(f"/api/claims/{claim.pk}/transition/", {
        "action": "rate", "rating": "false", "summary": "x", "evidence": [{"url": "https://e.org", "lnk": 1}]})
    assert response.json() == {"evidence": {"0": {"lnk": [InputMessage.UNKNOWN_FIELD]}}}  # DRF: by list index


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/claims/abc/", "/api/claims/1/nope/"])
def test_unknown_paths_are_json_404(anon, path):
    response = anon.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_huge_ids_are_404(anon):
    assert anon.get("/api/claims/99999999999999999999999/").status_code == 404


def test_unsupported_method_is_405_json(anon, published_claim):
    response = anon.put(f"/api/claims/{published_claim.pk}/transition/", {})
    assert response.status_code in (401, 405)
    assert "code" in response.json()


@pytest.mark.parametrize("query", [
    "article=1e400", "claimant=-1", "q=%00", "language=%00", "min_check_worthiness=Infinity",
    "page_size=abc", "cursor=%00", "assigned_to=99999999999999999999",
])
def test_odd_query_strings_never_fail(as_staff, claim, query):
    response = as_staff.get(f"/api/claims/?{query}")
    assert response.status_code in (200, 400), response.content
    assert response.headers["Content-Type"] == "application/json"


def test_articles_odd_queries(as_staff):
    ArticleFactory()
    for query in ["q=%00", "source=%00", "q=" + "&" * 20, "q=!!!:*()", "published_after=0"]:
        response = as_staff.get(f"/api/articles/?{query}")
        assert response.status_code in (200, 400), (query, response.content)


def test_token_that_does_not_exist_is_401(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anon.get("/api/claims/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_anonymous_clients_are_throttled(anon, monkeypatch, published_claim):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "1000/min"})
    assert [anon.get("/api/claims/").status_code for _ in range(3)] == [200, 200, 429]
    response = anon.get("/api/claims/")
    assert response.json()["code"] == "throttled"
    assert "Retry-After" in response.headers


def test_signed_in_clients_are_throttled_by_user(as_staff, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": "1000/min", "user": "1/min"})
    assert [as_staff.get("/api/claims/").status_code for _ in range(2)] == [200, 429]


def test_server_errors_under_api_are_json(rf):
    from claims.api.exceptions import handler500

    response = handler500(rf.get("/api/claims/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert b'"code": "server_error"' in response.content


def test_server_errors_elsewhere_keep_django_pages(rf):
    from claims.api.exceptions import handler404

    response = handler404(rf.get("/somewhere/"), None)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
