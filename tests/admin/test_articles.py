"""The article admin: claim counts without per-row queries, full-text search, the body with its claims."""

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from claims.review.workflow import claim_start
from tests.factories import ArticleFactory, ClaimFactory


pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_article_changelist")


def article_with_claims(count: int, **article_fields):
    """An article whose body has `count` sentences, each a claim."""
    sentences = [f"Sentence number {n} says exports rose {n}%." for n in range(count)]
    body = " ".join(sentences)
    article = ArticleFactory(body=body, **article_fields)
    offset = 0
    for sentence in sentences:
        ClaimFactory(article=article, start=offset, end=offset + len(sentence))
        offset += len(sentence) + 1
    return article


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_changelist_shows_claim_and_unreviewed_counts(reviewer, editor_client):
    article = article_with_claims(3, title="Counted")
    claim_start(claim=article.claims.first(), actor=reviewer)

    response = editor_client.get(CHANGELIST)

    row = next(a for a in response.context["cl"].result_list if a.pk == article.pk)
    assert (row.claims_total, row.claims_unreviewed) == (3, 2)


def test_changelist_query_count_does_not_grow_with_articles_or_claims(editor_client):
    for _ in range(2):
        article_with_claims(5)
    few = queries_for(editor_client, CHANGELIST)
    for _ in range(20):
        article_with_claims(5)

    assert queries_for(editor_client, CHANGELIST) == few


def test_change_form_query_count_is_the_same_for_10_and_100_claims(editor_client):
    small, big = article_with_claims(10), article_with_claims(100)
    editor_client.get(reverse("admin:claims_article_change", args=[small.pk]))  # warms the content-type cache

    small_count = queries_for(editor_client, reverse("admin:claims_article_change", args=[small.pk]))
    big_count = queries_for(editor_client, reverse("admin:claims_article_change", args=[big.pk]))

    assert small_count == big_count


def test_search_uses_the_full_text_index_over_title_and_body(editor_client):
    coca = ArticleFactory(title="Harvest")  # the factory body mentions coca
    other = ArticleFactory(title="Weather", body="Rain is expected tomorrow.")

    results = list(editor_client.get(CHANGELIST + "?q=coca").context["cl"].result_list)
    assert results == [coca] or set(results) == {coca}
    assert list(editor_client.get(CHANGELIST + "?q=weather").context["cl"].result_list) == [other]
    with CaptureQueriesContext(connection) as context:
        editor_client.get(CHANGELIST + "?q=coca")
    assert any("search_vector" in query["sql"] and "websearch_to_tsquery" in query["sql"]
               for query in context.captured_queries)


def test_change_form_marks_every_claim_by_status_and_links_to_it(reviewer, editor_client):
    article = article_with_claims(2)
    first, second = article.claims.order_by("start")
    claim_start(claim=first, actor=reviewer)

    html = editor_client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()

    assert 'class="claim-span status-in_review"' in html and 'class="claim-span status-unreviewed"' in html
    assert reverse("admin:claims_claim_change", args=[second.pk]) in html


def test_change_form_shows_markup_in_the_body_as_text(editor_client, script_claim):
    html = editor_client.get(reverse("admin:claims_article_change", args=[script_claim.article_id])).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_reextract_action_keeps_reviewed_claims(reviewer, editor_client):
    article = article_with_claims(2)
    kept = article.claims.order_by("start").first()
    claim_start(claim=kept, actor=reviewer)

    editor_client.post(CHANGELIST, {"action": "reextract", helpers.ACTION_CHECKBOX_NAME: [article.pk]})

    kept.refresh_from_db()
    assert kept.status == "in_review" and kept.article_id == article.pk


def test_a_stored_articles_page_offers_save_not_save_and_add_another(editor_client):
    article = article_with_claims(1)
    html = editor_client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert 'name="_save"' in html and 'name="_addanother"' not in html


def test_the_body_highlights_claims_at_the_threshold_and_underlines_the_rest(editor_client):
    from claims.extraction import CHECKWORTHY_THRESHOLD

    article = article_with_claims(3)
    low, at, high = article.claims.order_by("start")
    for claim, score in ((low, CHECKWORTHY_THRESHOLD - 0.01), (at, CHECKWORTHY_THRESHOLD), (high, 0.95)):
        Claim.objects.filter(pk=claim.pk).update(check_worthiness=score)

    html = editor_client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()

    assert html.count('class="claim-span status-unreviewed below"') == 2  # the claim below, and the legend's key
    assert html.count('class="claim-span status-unreviewed"') == 3  # at and above the threshold, and the legend
    assert f'title="Claim {low.pk}: Unreviewed, check-worthiness {CHECKWORTHY_THRESHOLD - 0.01:.2f}"' in html
    assert html.count('<tr class="below">') == 1  # listed once, quietly, under the body
