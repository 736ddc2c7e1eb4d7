import pytest

from claims.errors import DeleteMessage, EditMessage, SpanMessage
from claims.review import workflow
from claims.api.inputs import InputMessage
from claims.models import RECENT_HISTORY, Claim, ClaimAction, ClaimEvent, ClaimKind, ClaimStatus, Rating
from tests.factories import ArticleFactory, BODY, ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SECOND_SENTENCE = (BODY.index("Exports"), BODY.index("said.") + len("said."))


def detail_url(claim):
    return f"/api/claims/{claim.pk}/"


# --- reading ---

def test_list_is_ordered_by_check_worthiness_for_staff(as_staff):
    low = ClaimFactory(check_worthiness=0.2)
    high = ClaimFactory(check_worthiness=0.95)
    response = as_staff.get("/api/claims/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [high.pk, low.pk]


def test_anonymous_and_outsiders_see_only_published_claims(anon, as_outsider, published_claim):
    ClaimFactory()  # unreviewed
    for client in (anon, as_outsider):
        response = client.get("/api/claims/")
        assert [row["id"] for row in response.json()["results"]] == [published_claim.pk]


def test_unpublished_claim_detail_is_404_for_anonymous(anon, claim):
    response = anon.get(detail_url(claim))
    assert response.status_code == 404
    assert response.json() == {"detail": "No Claim matches the given query.", "code": "not_found"}


def test_detail_has_article_claimant_verdict_evidence_history_version_and_actions(as_editor, rate, reviewer):
    claimant = ClaimantFactory(name="The ministry")
    claim = ClaimFactory(claimant=claimant)
    rate(claim)
    response = as_editor.get(detail_url(claim))
    assert response.status_code == 200
    data = response.json()
    claim.refresh_from_db()
    assert data["article"] == {"id": claim.article_id, "title": claim.article.title, "url": None}
    assert data["claimant"]["name"] == "The ministry"
    assert data["verdict"]["rating"] == Rating.FALSE
    assert data["verdict"]["rating_label"] == "False"
    assert data["verdict"]["reviewer"] == reviewer.username
    assert data["verdict"]["evidence"][0]["url"] == "https://www.unodc.org/coca-survey-2024"
    assert [event["action"] for event in data["history"]] == [ClaimAction.RATE, ClaimAction.START]
    assert data["history"][0]["actor"] == reviewer.username
    assert data["more_history"] is False
    assert data["version"] == claim.version == 3
    assert data["allowed_actions"] == [ClaimAction.PUBLISH, ClaimAction.REOPEN]
    assert response.headers["ETag"] == f'W/"{claim.pk}-3"'


def test_public_detail_hides_history_reviewer_and_assignee(anon, published_claim):
    data = anon.get(detail_url(published_claim)).json()
    assert data["status"] == ClaimStatus.PUBLISHED
    assert data["history"] is None and data["more_history"] is None
    assert data["verdict"]["reviewer"] is None
    assert data["verdict"]["summary"]
    assert data["assigned_to"] is None
    assert data["allowed_actions"] == []


def _moved_back_and_forth(claim, reviewer, times):
    for _ in range(times):
        workflow.claim_start(claim=claim, actor=reviewer)
        workflow.claim_release(claim=claim, actor=reviewer)


def test_detail_shows_the_latest_events_and_the_history_endpoint_pages_through_all(
        as_reviewer, reviewer, claim, django_assert_max_num_queries):
    _moved_back_and_forth(claim, reviewer, RECENT_HISTORY)  # 2 x RECENT_HISTORY events
    versions = list(ClaimEvent.objects.filter(claim=claim).order_by("-created_at", "-id")
                    .values_list("version", flat=True))

    data = as_reviewer.get(detail_url(claim)).json()
    assert [event["version"] for event in data["history"]] == versions[:RECENT_HISTORY]
    assert data["more_history"] is True

    seen, url = [], f"/api/claims/{claim.pk}/history/?page_size=15"
    while url:
        with django_assert_max_num_queries(3):  # token user, claim, page
            page = as_reviewer.get(url).json()
        seen += [event["version"] for event in page["results"]]
        url = page["next"]
    assert seen == versions


def test_history_endpoint_is_for_newsroom_staff(anon, as_outsider, as_reviewer, claim, published_claim):
    url = f"/api/claims/{published_claim.pk}/history/"
    assert as_reviewer.get(url).status_code == 200
    for client, refused in ((anon, 401), (as_outsider, 403)):
        response = client.get(url)
        assert response.status_code == refused
        assert refused == 401 or "newsroom staff" in response.json()["detail"]
        assert client.get(f"/api/claims/{claim.pk}/history/").status_code == 404  # unpublished: not visible


# --- filters ---

def test_filter_form_class_is_built_once_and_each_request_gets_its_own_errors(as_staff):
    from claims.api.filters import ClaimFilter

    first = as_staff.get("/api/claims/", {"status": "nonsense"})
    second = as_staff.get("/api/claims/", {"min_check_worthiness": "high"})
    assert first.status_code == second.status_code == 400
    assert list(first.json()) == ["status"] and list(second.json()) == ["min_check_worthiness"]
    assert ClaimFilter(data={}).get_form_class() is ClaimFilter(data={"q": "coca"}).get_form_class()
    assert as_staff.get("/api/claims/", {"status": "published"}).status_code == 200


@pytest.fixture
def assorted_claims(reviewer, rate):
    dutch = ArticleFactory(language="nl")
    quote = ClaimFactory(kind=ClaimKind.QUOTE, check_worthiness=0.3, article=dutch)
    statistic = ClaimFactory(kind=ClaimKind.STATISTIC, check_worthiness=0.8)
    workflow.claim_start(claim=statistic, actor=reviewer)
    rated = ClaimFactory(kind=ClaimKind.EVENT, check_worthiness=0.6, claimant=ClaimantFactory(name="Petro"))
    rate(rated, Rating.MOSTLY_TRUE)
    return {"quote": quote, "statistic": statistic, "rated": rated}


@pytest.mark.parametrize(("query", "expected"), [
    ("status=in_review", ["statistic"]),
    ("status=unreviewed&status=reviewed", ["rated", "quote"]),
    ("rating=mostly_true", ["rated"]),
    ("kind=quote", ["quote"]),
    ("language=nl", ["quote"]),
    ("min_check_worthiness=0.5", ["statistic", "rated"]),
    ("assigned_to=me", ["statistic", "rated"]),
    ("ordering=check_worthiness", ["quote", "rated", "statistic"]),
    ("ordering=-created_at", ["rated", "statistic", "quote"]),
])
def test_claim_filters(as_reviewer, assorted_claims, query, expected):
    response = as_reviewer.get(f"/api/claims/?{query}")
    assert response.status_code == 200, response.json()
    names = {claim.pk: name for name, claim in assorted_claims.items()}
    assert [names[row["id"]] for row in response.json()["results"]] == expected


def test_filter_by_article_claimant_and_dates(as_staff, assorted_claims):
    rated = assorted_claims["rated"]
    by_article = as_staff.get(f"/api/claims/?article={rated.article_id}").json()["results"]
    by_claimant = as_staff.get(f"/api/claims/?claimant={rated.claimant_id}").json()["results"]
    assert [row["id"] for row in by_article] == [row["id"] for row in by_claimant] == [rated.pk]
    after = rated.created_at.isoformat().replace("+00:00", "Z")
    assert [row["id"] for row in as_staff.get("/api/claims/", {"created_after": after}).json()["results"]] == [
        rated.pk]
    assert rated.pk not in [
        row["id"] for row in as_staff.get("/api/claims/", {"created_before": after}).json()["results"]]


def test_assigned_to_by_user_id(as_staff, assorted_claims, reviewer):
    rows = as_staff.get(f"/api/claims/?assigned_to={reviewer.pk}").json()["results"]
    assert {row["id"] for row in rows} == {assorted_claims["statistic"].pk, assorted_claims["rated"].pk}
    assert as_staff.get("/api/claims/?assigned_to=me").json()["results"] == []


def test_assigned_to_me_is_empty_for_anonymous(anon, published_claim):
    assert anon.get("/api/claims/?assigned_to=me").json()["results"] == []


@pytest.mark.parametrize("query", [
    "status=nonsense", "rating=maybe", "kind=joke", "article=abc", "claimant=x1",
    "assigned_to=someone", "min_check_worthiness=high", "created_after=yesterday", "ordering=nope",
    "ordering=check_worthiness,text", "ordering=article__title",
    "q=" + "x" * 501, "min_check_worthiness=NaN",
])
def test_unknown_filter_values_are_400_field_errors(as_staff, claim, query):
    response = as_staff.get(f"/api/claims/?{query}")
    assert response.status_code == 400, response.content
    field = query.split("=")[0]
    assert field in response.json()


def test_search_is_ranked_and_paged_by_number(as_staff):
    ClaimFactory(article=ArticleFactory(body="Coca production doubled. Coca exports rose."), start=0, end=23)
    best = ClaimFactory(article=ArticleFactory(body="Coca, coca and more coca everywhere. Yes."), start=0, end=36)
    ClaimFactory()  # the factory body also mentions coca
    ClaimFactory(article=ArticleFactory(body="Nothing relevant here. At all."), start=0, end=22)
    response = as_staff.get("/api/claims/?q=coca")
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 3
    assert data["results"][0]["id"] == best.pk
    ranks = [row["rank"] for row in data["results"]]
    assert ranks == sorted(ranks, reverse=True) and all(rank > 0 for rank in ranks)


def test_search_uses_web_search_syntax(as_staff):
    ClaimFactory(article=ArticleFactory(body="Coca production doubled. Fine."), start=0, end=24)
    ClaimFactory(article=ArticleFactory(body="Coca exports fell. Fine."), start=0, end=18)
    rows = as_staff.get("/api/claims/", {"q": 'coca -exports'}).json()["results"]
    assert [row["text"] for row in rows] == ["Coca production doubled."]
    rows = as_staff.get("/api/claims/", {"q": '"exports fell"'}).json()["results"]
    assert [row["text"] for row in rows] == ["Coca exports fell."]


# --- cursor pagination ---

def test_cursor_pages_cover_every_claim_once(as_staff):
    claims = ClaimFactory.create_batch(7, check_worthiness=0.5)
    seen, url = [], "/api/claims/?page_size=3"
    while url:
        data = as_staff.get(url).json()
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
    assert seen == sorted((claim.pk for claim in claims), reverse=True)


def test_page_size_is_capped(as_staff):
    ClaimFactory.create_batch(3)
    assert len(as_staff.get("/api/claims/?page_size=100000").json()["results"]) == 3


def test_invalid_cursor_is_400(as_staff, claim):
    response = as_staff.get("/api/claims/?cursor=not-a-cursor")
    assert response.status_code == 400
    assert "cursor" in response.json()


# --- creating by hand ---

def test_reviewer_adds_a_claim_by_span(as_reviewer, reviewer):
    article = ArticleFactory()
    start, end = SECOND_SENTENCE
    response = as_reviewer.post("/api/claims/", {
        "article": article.pk, "start": start, "end": end, "claimant": "The ministry",
        "kind": ClaimKind.STATISTIC, "check_worthiness": 0.7, "note": "Missed by extraction.",
    })
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["text"] == BODY[start:end]
    assert data["claimant"]["name"] == "The ministry"
    assert data["extractor"] == "manual"
    assert data["history"][0]["action"] == ClaimAction.CREATE
    assert response.headers["Location"].endswith(f"/api/claims/{data['id']}/")


def test_created_claim_with_matching_text_is_accepted(as_reviewer):
    article = ArticleFactory()
    start, end = SECOND_SENTENCE
    response = as_reviewer.post("/api/claims/", {
        "article": article.pk, "start": start, "end": end, "text": BODY[start:end], "check_worthiness": 0.5})
    assert response.status_code == 201


def test_text_mismatch_is_400_naming_text(as_reviewer):
    article = ArticleFactory()
    response = as_reviewer.post("/api/claims/", {
        "article": article.pk, "start": 0, "end": 8, "text": "Bolivia", "check_worthiness": 0.5})
    assert response.status_code == 400
    assert response.json() == {"text": [SpanMessage.TEXT_MISMATCH.format(start=0, end=8, actual="Colombia")]}


@pytest.mark.parametrize(("span", "field"), [
    ({"start": 0, "end": 100_000}, "end"),
    ({"start": 10, "end": 5}, "end"),
    ({"start": -1, "end": 5}, "start"),
    ({"start": 0, "end": 2**40}, "end"),
    ({"start": "zero", "end": 5}, "start"),
])
def test_bad_spans_are_400(as_reviewer, span, field):
    article = ArticleFactory()
    response = as_reviewer.post("/api/claims/", {"article": article.pk, "check_worthiness": 0.5, **span})
    assert response.status_code == 400
    assert field in response.json()


def test_a_span_that_is_taken_is_400(as_reviewer, claim):
    response = as_reviewer.post("/api/claims/", {
        "article": claim.article_id, "start": claim.start, "end": claim.end, "check_worthiness": 0.5})
    assert response.status_code == 400
    assert "start" in response.json()


def test_unknown_article_is_400(as_reviewer):
    response = as_reviewer.post("/api/claims/", {"article": 999999, "start": 0, "end": 5})
    assert response.status_code == 400
    assert "article" in response.json()


def test_create_needs_sign_in_and_add_permission(anon, as_staff):
    article = ArticleFactory()
    payload = {"article": article.pk, "start": 0, "end": 8, "check_worthiness": 0.5}
    assert anon.post("/api/claims/", payload).status_code == 401
    response = as_staff.post("/api/claims/", payload)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Claim.objects.exists()


# --- editing ---

def test_reviewer_edits_span_claimant_and_kind(as_reviewer, claim):
    start, end = SECOND_SENTENCE
    response = as_reviewer.patch(detail_url(claim), {
        "start": start, "end": end, "claimant": "Ministry of Trade", "kind": ClaimKind.ATTRIBUTION,
        "version": 1,
    })
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["text"], data["claimant"]["name"], data["kind"]) == (
        BODY[start:end], "Ministry of Trade", ClaimKind.ATTRIBUTION)
    assert data["version"] == 2 and data["edited_by_hand"] is True
    assert data["history"][0]["action"] == ClaimAction.EDIT


def test_claimant_can_be_cleared(as_reviewer):
    claim = ClaimFactory(claimant=ClaimantFactory())
    assert as_reviewer.patch(detail_url(claim), {"claimant": None}).json()["claimant"] is None


def test_edit_with_if_match(as_reviewer, claim):
    response = as_reviewer.patch(detail_url(claim), {"kind": ClaimKind.QUOTE}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"')
    assert response.status_code == 200
    response = as_reviewer.patch(detail_url(claim), {"kind": ClaimKind.EVENT}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"')
    assert response.status_code == 409
    assert response.json()["code"] == workflow.Stale.code
    assert response.json()["version"] == 2


def test_edit_out_of_range_span_is_400(as_reviewer, claim):
    response = as_reviewer.patch(detail_url(claim), {"end": 5000})
    assert response.status_code == 400
    assert "end" in response.json()


def test_editing_a_published_claim_is_409(as_editor, published_claim):
    response = as_editor.patch(detail_url(published_claim), {"kind": ClaimKind.QUOTE})
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == workflow.Conflict.code
    assert EditMessage.PUBLISHED in data["detail"]
    assert (data["status"], data["version"]) == (ClaimStatus.PUBLISHED, published_claim.version)


def test_edit_permissions(anon, as_staff, claim):
    assert anon.patch(detail_url(claim), {"kind": ClaimKind.QUOTE}).status_code == 401
    assert as_staff.patch(detail_url(claim), {"kind": ClaimKind.QUOTE}).status_code == 403


def test_unknown_fields_are_refused(as_reviewer, claim):
    response = as_reviewer.patch(detail_url(claim), {"kind": ClaimKind.QUOTE, "status": "published"})
    assert response.status_code == 400
    assert response.json() == {"status": [InputMessage.UNKNOWN_FIELD]}


def test_put_is_not_allowed(as_editor, claim):
    assert as_editor.put(detail_url(claim), {"kind": ClaimKind.QUOTE}).status_code == 405


# --- deleting ---

def test_editor_deletes_an_unreviewed_claim(as_editor, claim):
    assert as_editor.delete(detail_url(claim)).status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_dismissed_claims_can_be_deleted(as_editor, claim, editor):
    workflow.claim_dismiss(claim=claim, actor=editor)
    assert as_editor.delete(detail_url(claim)).status_code == 204


def test_reviewed_or_published_claims_cannot_be_deleted(as_editor, published_claim):
    response = as_editor.delete(detail_url(published_claim))
    assert response.status_code == 409
    assert DeleteMessage.CLAIM_REVIEWED in response.json()["detail"]
    assert response.json()["status"] == ClaimStatus.PUBLISHED
    assert Claim.objects.filter(pk=published_claim.pk).exists()


def test_delete_permissions(anon, as_reviewer, claim):
    assert anon.delete(detail_url(claim)).status_code == 401
    assert as_reviewer.delete(detail_url(claim)).status_code == 403
    assert ClaimEvent.objects.count() == 0 and Claim.objects.filter(pk=claim.pk).exists()


# --- similar ---

def test_similar_finds_the_same_claim_in_other_articles(as_staff, rate):
    original = ClaimFactory()
    repeated = ClaimFactory(article=ArticleFactory(body=BODY.replace("coca", "coca leaf")))
    rate(repeated, Rating.FALSE)
    ClaimFactory(article=ArticleFactory(body=BODY), start=SECOND_SENTENCE[0], end=SECOND_SENTENCE[1])
    same_article = ClaimFactory(article=original.article, start=SECOND_SENTENCE[0], end=SECOND_SENTENCE[1])
    response = as_staff.get(f"/api/claims/{original.pk}/similar/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [repeated.pk]
    assert 0.3 < rows[0]["similarity"] < 1
    assert (rows[0]["status"], rows[0]["rating"]) == (ClaimStatus.REVIEWED, Rating.FALSE)
    assert same_article.pk not in [row["id"] for row in rows]


def test_similar_shows_the_public_only_published_claims(anon, published_claim):
    ClaimFactory()  # the same text, unreviewed
    twin = ClaimFactory()
    assert anon.get(f"/api/claims/{published_claim.pk}/similar/").json() == []
    assert anon.get(f"/api/claims/{twin.pk}/similar/").status_code == 404


def test_check_worthiness_is_scored_when_not_given(as_reviewer):
    article = ArticleFactory()
    start, end = SECOND_SENTENCE
    response = as_reviewer.post("/api/claims/", {"article": article.pk, "start": start, "end": end})
    assert response.status_code == 201, response.json()
    assert 0 <= response.json()["check_worthiness"] <= 1


def test_search_pages_are_counted_by_their_own_query(as_staff, django_assert_num_queries):
    for _ in range(3):
        ClaimFactory(article=ArticleFactory(body="Coca production doubled. Coca exports rose."), start=0, end=23)
    # The ranked page's ids (its count a window over the matches), then its rows: no COUNT(*) query.
    with django_assert_num_queries(2) as captured:
        data = as_staff.get("/api/claims/", {"q": "coca", "page_size": 2}).json()
    ranked, rows = (query["sql"] for query in captured.captured_queries)
    assert "OVER ()" in ranked and "JOIN" not in ranked  # rank the candidates first, join the page only
    assert "claims_article" in rows and "ts_rank" not in rows
    assert (data["count"], len(data["results"])) == (3, 2)
    second = as_staff.get("/api/claims/", {"q": "coca", "page_size": 2, "page": 2}).json()
    assert (second["count"], len(second["results"]), second["next"]) == (3, 1, None)
    # Past the last page: an empty page that still gives the total (as a cursor list's end is empty).
    past = as_staff.get("/api/claims/", {"q": "coca", "page": 3})
    assert past.status_code == 200
    assert (past.json()["count"], past.json()["results"], past.json()["next"]) == (3, [], None)


def test_a_search_row_deleted_between_the_page_queries_is_left_out_not_an_error(as_staff, monkeypatch):
    from claims.api import pagination

    kept, gone = (ClaimFactory(article=ArticleFactory(body="Coca production doubled. Coca exports rose."),
                               start=0, end=23) for _ in range(2))
    loads = pagination.WindowCountPaginator.__init__

    def deleting_before_rows_load(paginator, *args, rows_for, **kwargs):
        def rows_after_a_delete(ids):
            Claim.objects.filter(pk=gone.pk).delete()
            return rows_for(ids)
        loads(paginator, *args, rows_for=rows_after_a_delete, **kwargs)

    monkeypatch.setattr(pagination.WindowCountPaginator, "__init__", deleting_before_rows_load)
    data = as_staff.get("/api/claims/", {"q": "coca"}).json()
    assert [row["id"] for row in data["results"]] == [kept.pk]
    assert data["count"] == 2  # as counted by the first query


def test_broad_searches_rank_a_bounded_set_of_candidates(as_staff, monkeypatch):
    monkeypatch.setattr("claims.models.claims.SEARCH_CANDIDATES", 2)
    made = [ClaimFactory(article=ArticleFactory(body="Coca production doubled. Coca exports rose."), start=0, end=23)
            for _ in range(4)]
    data = as_staff.get("/api/claims/", {"q": "coca"}).json()
    assert (data["count"], len(data["results"])) == (2, 2)
    assert {row["id"] for row in data["results"]} < {claim.pk for claim in made}
