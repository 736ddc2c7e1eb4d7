"""The claim change list: columns, filters, the reviewer's queue, order, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimStatus
from claims.review.workflow import claim_dismiss, claim_start
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


def listed(response) -> list[Claim]:
    return list(response.context["cl"].result_list)


def make_claims(count: int) -> list[Claim]:
    """`count` claims over articles of three sentences, with claimants, some started."""
    claims = []
    for number in range(count):
        article = ArticleFactory(source=SourceFactory()) if number % 3 == 0 else claims[-1].article
        sentence = number % 3
        starts = [0, article.body.index("Exports"), article.body.index("Officials")]
        ends = [starts[1] - 1, starts[2] - 1, len(article.body)]
        claims.append(ClaimFactory(article=article, start=starts[sentence], end=ends[sentence],
                                   claimant=ClaimantFactory(), check_worthiness=(number % 10) / 10))
    return claims


def changelist_queries(client, url=CHANGELIST) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", ["", "?status__exact=unreviewed&worthiness=high", "?assigned=mine", "?q=Exports"])
def test_changelist_query_count_is_the_same_for_10_and_100_claims(reviewer, reviewer_client, query):
    make_claims(10)
    for claim in Claim.objects.all()[:3]:
        claim_start(claim=claim, actor=reviewer)
    ten = changelist_queries(reviewer_client, CHANGELIST + query)

    make_claims(90)
    for claim in Claim.objects.filter(status=ClaimStatus.UNREVIEWED)[:30]:
        claim_start(claim=claim, actor=reviewer)
    hundred = changelist_queries(reviewer_client, CHANGELIST + query)

    assert ten == hundred
    assert hundred <= 12


def test_changelist_runs_no_full_count_on_every_page_view(reviewer_client):
    make_claims(10)

    with CaptureQueriesContext(connection) as context:
        reviewer_client.get(CHANGELIST + "?status__exact=unreviewed")

    counts = [query["sql"] for query in context.captured_queries if "COUNT(" in query["sql"].upper()]
    # One count of the filtered list (for the pager) and the reviewer's queue; never the unfiltered table.
    assert all("WHERE" in sql.upper() for sql in counts)


def test_unfiltered_big_table_uses_the_planners_estimate(reviewer_client, monkeypatch):
    from claims.admin import paging as claims_admin

    make_claims(3)
    monkeypatch.setattr(claims_admin, "estimated_row_count", lambda model: 123_456)

    response = reviewer_client.get(CHANGELIST)

    assert response.context["cl"].result_count == 123_456


def test_list_shows_columns_with_full_text_on_hover(reviewer_client):
    article = ArticleFactory(title="Coca report")
    long_body = "Exports " + "really " * 30 + "rose. Then more."
    article.body, article.content_hash = long_body, "x" * 64
    article.save()
    claim = ClaimFactory(article=article, start=0, end=long_body.index(".") + 1, claimant=ClaimantFactory(name="Petro"))

    html = reviewer_client.get(CHANGELIST).content.decode()

    assert f'title="{claim.text}"' in html
    assert reverse("admin:claims_article_change", args=[article.pk]) in html
    assert "Petro" in html and "Coca report" in html


def test_default_order_is_most_check_worthy_unreviewed_first(reviewer, reviewer_client):
    article = ArticleFactory()
    body = article.body
    low = ClaimFactory(article=article, check_worthiness=0.2)
    high = ClaimFactory(article=article, start=body.index("Exports"), end=body.index("said.") + 5, check_worthiness=0.8)
    started = ClaimFactory(article=article, start=body.index("Officials"), end=len(body), check_worthiness=0.99)
    claim_start(claim=started, actor=reviewer)

    assert listed(reviewer_client.get(CHANGELIST)) == [high, low, started]


def test_my_open_claims_is_one_click_away(reviewer, reviewer_client, other_reviewer):
    mine, others, free, dismissed = make_claims(4)
    claim_start(claim=mine, actor=reviewer)
    claim_start(claim=others, actor=other_reviewer)
    claim_start(claim=dismissed, actor=reviewer)
    claim_dismiss(claim=dismissed, actor=reviewer)

    html = reviewer_client.get(CHANGELIST).content.decode()
    assert 'href="?assigned=mine"' in html and "My open claims (1)" in html

    assert listed(reviewer_client.get(CHANGELIST + "?assigned=mine")) == [mine]
    assert set(listed(reviewer_client.get(CHANGELIST + "?assigned=none"))) == {free, dismissed}


def test_filters_by_worthiness_band_claimant_and_article_language(reviewer_client):
    high = ClaimFactory(check_worthiness=0.9, claimant=ClaimantFactory(name="Gustavo Petro"))
    low = ClaimFactory(check_worthiness=0.1, article=ArticleFactory(language="nl"))

    assert listed(reviewer_client.get(CHANGELIST + "?worthiness=high")) == [high]
    assert listed(reviewer_client.get(CHANGELIST + "?worthiness=low")) == [low]
    assert listed(reviewer_client.get(CHANGELIST + "?claimant=petro")) == [high]
    assert listed(reviewer_client.get(CHANGELIST + f"?claimant_id={high.claimant_id}")) == [high]
    assert listed(reviewer_client.get(CHANGELIST + "?article__language=nl")) == [low]


def test_search_covers_claim_text_article_title_and_claimant(reviewer_client):
    by_text = ClaimFactory()
    by_title = ClaimFactory(article=ArticleFactory(title="Unusual headline"))
    by_claimant = ClaimFactory(claimant=ClaimantFactory(name="Zelda Quist"))

    assert by_text in listed(reviewer_client.get(CHANGELIST + "?q=coca"))
    assert listed(reviewer_client.get(CHANGELIST + "?q=unusual")) == [by_title]
    assert listed(reviewer_client.get(CHANGELIST + "?q=quist")) == [by_claimant]


def test_list_shows_worthiness_bands_status_badges_and_rating_labels(reviewer, reviewer_client):
    from claims.review.workflow import claim_rate

    article = ArticleFactory()
    body = article.body
    ClaimFactory(article=article, check_worthiness=0.9)
    rated = ClaimFactory(article=article, start=body.index("Exports"), end=body.index("said.") + 5,
                         check_worthiness=0.1)
    claim_rate(claim=rated, actor=reviewer, rating="false", summary="No.")

    html = reviewer_client.get(CHANGELIST).content.decode()

    assert '<span class="worthiness band-high" title="0.90, ' in html and "band-low" in html
    assert '<span class="claim-status status-unreviewed">Unreviewed</span>' in html
    assert '<span class="claim-status status-reviewed">Reviewed</span> <span class="claim-rating">False</span>' in html


def test_worthiness_bands_are_the_filters_and_low_is_under_the_threshold():
    from claims.admin.filters import HIGH_WORTHINESS, WorthinessFilter, worthiness_band
    from claims.extraction import CHECKWORTHY_THRESHOLD

    assert worthiness_band(HIGH_WORTHINESS) == "high"
    assert worthiness_band(CHECKWORTHY_THRESHOLD) == "medium"
    assert worthiness_band(CHECKWORTHY_THRESHOLD - 0.01) == "low"
    assert set(WorthinessFilter.BANDS) == {"high", "medium", "low"}


def test_already_checked_is_one_click_away(reviewer_client):
    make_claims(1)

    html = reviewer_client.get(CHANGELIST).content.decode()

    assert '<a href="?already_checked=yes" class="quick-filter" id="already-checked-claims"' in html
    assert 'class="quick-filter selected" id="already-checked-claims"' in (
        reviewer_client.get(CHANGELIST + "?already_checked=yes").content.decode())
