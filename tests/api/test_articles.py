from datetime import datetime, timezone

import pytest
from django.test import override_settings

from claims.errors import DeleteMessage, IngestMessage
from claims.api.inputs import InputMessage
from claims.models import Article, Claim, ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

NEW_ARTICLE = {
    "title": "Colombia's coca harvest",
    "body": (
        "Colombia produced 253,000 hectares of coca in 2023, the United Nations said on Monday. "
        "President Gustavo Petro said that forced eradication had failed. "
        "The harvest was the largest on record, according to the UNODC report. It rained."
    ),
    "url": "https://news.example/coca-harvest",
    "source": "Example News",
    "published_at": "2026-11-20T08:00:00Z",
    "language": "en",
}


# --- creating ---

def test_editor_posts_an_article_and_gets_its_claims(as_editor):
    response = as_editor.post("/api/articles/", NEW_ARTICLE)
    assert response.status_code == 201, response.json()
    data = response.json()
    article = Article.objects.get()
    assert data["id"] == article.pk
    assert (data["title"], data["url"], data["source"], data["language"]) == (
        NEW_ARTICLE["title"], NEW_ARTICLE["url"], "Example News", "en")
    assert data["body"] == NEW_ARTICLE["body"]
    assert len(data["claims"]) == Claim.objects.filter(article=article).count() > 0
    for claim in data["claims"]:
        assert NEW_ARTICLE["body"][claim["start"]:claim["end"]] == claim["text"]
    worthiness = [claim["check_worthiness"] for claim in data["claims"]]
    assert worthiness == sorted(worthiness, reverse=True)
    assert data["claim_counts"][ClaimStatus.UNREVIEWED] == len(data["claims"])
    assert response.headers["Location"].endswith(f"/api/articles/{article.pk}/")


def test_posting_the_same_content_again_answers_200_with_the_stored_article(as_editor):
    first = as_editor.post("/api/articles/", NEW_ARTICLE).json()
    again = as_editor.post("/api/articles/", {**NEW_ARTICLE, "body": "  " + NEW_ARTICLE["body"] + "\r\n"})
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(("payload", "field"), [
    ({"body": "Some text."}, "title"),
    ({"title": "A title"}, "body"),
    ({"title": "A title", "body": "   "}, "body"),
    ({"title": "A title", "body": "Text.", "url": "not a url"}, "url"),
    ({"title": "A title", "body": "Text.", "language": "english"}, "language"),
    ({"title": "A title", "body": "Text.", "published_at": "last week"}, "published_at"),
    ({"title": "A title", "body": "Text.", "author": "me"}, "author"),
    ({"title": ["A", "list"], "body": "Text."}, "title"),
    ({"title": "A title", "body": "Te\x00xt."}, "body"),
    ({"title": "T" * 1001, "body": "Text."}, "title"),
    ({"title": "A title", "body": "Text.", "source": "S" * 201}, "source"),
])
def test_invalid_articles_are_400_naming_the_field(as_editor, payload, field):
    response = as_editor.post("/api/articles/", payload)
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Article.objects.exists()


@override_settings(CLAIMTRACKER_MAX_ARTICLE_BYTES=100)
def test_a_body_over_the_limit_is_400(as_editor):
    response = as_editor.post("/api/articles/", {"title": "Long", "body": "é" * 60})
    assert response.status_code == 400
    assert response.json() == {"body": [IngestMessage.TOO_LARGE.format(size=120, limit=100)]}


@override_settings(CLAIMTRACKER_MAX_ARTICLE_BYTES=100)
def test_a_request_far_over_the_limit_is_413(as_editor):
    response = as_editor.post("/api/articles/", {"title": "Huge", "body": "x" * 70_000})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_a_url_that_is_taken_is_400(as_editor):
    ArticleFactory(url=NEW_ARTICLE["url"])
    response = as_editor.post("/api/articles/", NEW_ARTICLE)
    assert response.status_code == 400
    assert "url" in response.json()


def test_create_permissions(anon, as_reviewer):
    assert anon.post("/api/articles/", NEW_ARTICLE).status_code == 401
    assert as_reviewer.post("/api/articles/", NEW_ARTICLE).status_code == 403
    assert not Article.objects.exists()


# --- reading ---

def test_public_sees_only_articles_with_published_claims(anon, as_staff, published_claim):
    hidden = ClaimFactory().article
    public_ids = [row["id"] for row in anon.get("/api/articles/").json()["results"]]
    assert public_ids == [published_claim.article_id]
    assert anon.get(f"/api/articles/{hidden.pk}/").status_code == 404
    staff_ids = [row["id"] for row in as_staff.get("/api/articles/").json()["results"]]
    assert staff_ids == [hidden.pk, published_claim.article_id]


def test_detail_gives_body_and_claim_counts_by_status(anon, as_staff, published_claim, reviewer):
    article = published_claim.article
    ClaimFactory(article=article, start=50, end=article.body.index("said.") + 5)
    data = as_staff.get(f"/api/articles/{article.pk}/").json()
    assert data["body"] == article.body
    assert data["claim_counts"] == {
        "unreviewed": 1, "in_review": 0, "reviewed": 0, "published": 1, "dismissed": 0}
    assert anon.get(f"/api/articles/{article.pk}/").json()["claim_counts"] == {"published": 1}


def test_article_claims_are_ranked_and_filtered_by_visibility(anon, as_staff, published_claim):
    article = published_claim.article
    other = ClaimFactory(article=article, start=50, end=article.body.index("said.") + 5, check_worthiness=0.99)
    staff_rows = as_staff.get(f"/api/articles/{article.pk}/claims/").json()["results"]
    assert [row["id"] for row in staff_rows] == [other.pk, published_claim.pk]
    public_rows = anon.get(f"/api/articles/{article.pk}/claims/").json()["results"]
    assert [row["id"] for row in public_rows] == [published_claim.pk]


@pytest.fixture
def articles():
    return {
        "nl": ArticleFactory(title="Trump en Petro", language="nl", source=SourceFactory(name="NOS"),
                             published_at=datetime(2026, 1, 5, tzinfo=timezone.utc)),
        "en": ArticleFactory(title="Oil prices fall", body="Oil prices fell by 3% on Friday. Traders sold.",
                             published_at=datetime(2026, 3, 1, tzinfo=timezone.utc)),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ({"language": "nl"}, ["nl"]),
    ({"source": "nos"}, ["nl"]),
    ({"published_after": "2026-02-01T00:00:00Z"}, ["en"]),
    ({"published_before": "2026-02-01T00:00:00Z"}, ["nl"]),
    ({"q": "oil prices"}, ["en"]),
    ({"q": "coca OR oil"}, ["nl", "en"]),
])
def test_article_filters(as_staff, articles, query, expected):
    response = as_staff.get("/api/articles/", query)
    assert response.status_code == 200, response.json()
    names = {article.pk: name for name, article in articles.items()}
    assert sorted(names[row["id"]] for row in response.json()["results"]) == sorted(expected)


def test_bad_article_filter_values_are_400(as_staff):
    assert "published_after" in as_staff.get("/api/articles/?published_after=soon").json()


# --- editing ---

def test_editor_edits_metadata(as_editor):
    article = ArticleFactory()
    response = as_editor.patch(f"/api/articles/{article.pk}/", {
        "url": "https://news.example/x", "source": "Example News", "language": "es",
        "published_at": "2026-11-01T12:00:00Z"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["url"], data["source"], data["language"], data["published_at"]) == (
        "https://news.example/x", "Example News", "es", "2026-11-01T12:00:00Z")
    assert as_editor.patch(f"/api/articles/{article.pk}/", {"source": None}).json()["source"] is None


@pytest.mark.parametrize("field", ["title", "body"])
def test_title_and_body_are_fixed_after_creation(as_editor, field):
    article = ArticleFactory()
    response = as_editor.patch(f"/api/articles/{article.pk}/", {field: "Changed"})
    assert response.status_code == 400
    assert response.json() == {field: [InputMessage.FIXED_AFTER_CREATION.format(field=field)]}


def test_edit_to_a_taken_url_is_400(as_editor):
    ArticleFactory(url="https://news.example/taken")
    article = ArticleFactory()
    response = as_editor.patch(f"/api/articles/{article.pk}/", {"url": "https://news.example/taken"})
    assert response.status_code == 400
    assert "url" in response.json()


def test_edit_permissions(anon, as_reviewer):
    article = ArticleFactory()
    assert anon.patch(f"/api/articles/{article.pk}/", {"language": "en"}).status_code == 401
    assert as_reviewer.patch(f"/api/articles/{article.pk}/", {"language": "en"}).status_code == 403


# --- deleting ---

def test_editor_deletes_an_article_with_unreviewed_claims(as_editor, claim):
    assert as_editor.delete(f"/api/articles/{claim.article_id}/").status_code == 204
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_an_article_with_reviewed_claims_is_kept(as_editor, published_claim):
    response = as_editor.delete(f"/api/articles/{published_claim.article_id}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": DeleteMessage.ARTICLE_REVIEWED.format(id=published_claim.article_id, count=1),
        "code": "delete_refused"}


def test_delete_permissions(anon, as_reviewer, claim):
    assert anon.delete(f"/api/articles/{claim.article_id}/").status_code == 401
    assert as_reviewer.delete(f"/api/articles/{claim.article_id}/").status_code == 403
    assert Article.objects.exists()


def test_control_characters_in_a_posted_article_are_taken_out_before_offsets(as_editor):
    posted = {**NEW_ARTICLE, "title": "Colombia\x1d's coca\x01", "body": NEW_ARTICLE["body"].replace(" ", " \x03", 3)}
    response = as_editor.post("/api/articles/", posted)
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert article.title == "Colombia 's coca" and article.body == NEW_ARTICLE["body"]
    assert all(article.body[c.start:c.end] == c.text for c in article.claims.all())


def test_an_extraction_failure_on_a_posted_article_is_a_json_error_and_stores_nothing(as_editor, monkeypatch):
    from claims import extraction

    monkeypatch.setattr(extraction, "extract", lambda body, language=None, **options: [][1])
    response = as_editor.post("/api/articles/", NEW_ARTICLE)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The article could not be analysed (IndexError: list index out of range); nothing was stored.",
        "code": "analysis_failed"}
    assert Article.objects.count() == 0 and Claim.objects.count() == 0
