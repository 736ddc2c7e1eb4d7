"""The admin's first page: the dashboard's figures on a known dataset, its SVG charts, its query count
and who sees it."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.admin import dashboard
from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.models import Claim, ClaimStatus, Rating
from tests.factories import ClaimFactory

INDEX = reverse("admin:index")
SVG_NS = "{http://www.w3.org/2000/svg}"
SVG = re.compile(r"<svg [^>]*class=\"ct-chart\".*?</svg>", re.S)
TODAY = timezone.localdate()


def at(days_ago: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(hour)))


def claim(status=ClaimStatus.UNREVIEWED, *, days_ago=0, worthiness=0.9, published_days_ago=None, **fields):
    made = ClaimFactory(check_worthiness=worthiness)
    if status == ClaimStatus.PUBLISHED:
        fields.setdefault("rating", Rating.FALSE)
        fields["first_published_at"] = at(days_ago if published_days_ago is None else published_days_ago)
    Claim.objects.filter(pk=made.pk).update(status=status, created_at=at(days_ago), **fields)
    made.refresh_from_db()
    return made


@pytest.fixture
def newsroom(reviewer, other_reviewer):
    """Ten claims of known status, age, score and rating."""
    old_worthy = claim(days_ago=60, worthiness=0.8)
    older_worthy = claim(days_ago=90, worthiness=CHECKWORTHY_THRESHOLD)  # at the threshold counts
    claim(days_ago=100, worthiness=CHECKWORTHY_THRESHOLD - 0.01)  # not check-worthy
    new_worthy = claim(days_ago=0, worthiness=0.95)
    claim(ClaimStatus.IN_REVIEW, days_ago=3, assigned_to=reviewer)
    claim(ClaimStatus.IN_REVIEW, days_ago=3, assigned_to=reviewer)
    claim(ClaimStatus.IN_REVIEW, days_ago=3, assigned_to=other_reviewer)
    claim(ClaimStatus.REVIEWED, days_ago=200, assigned_to=reviewer)  # not open
    claim(ClaimStatus.PUBLISHED, days_ago=40, published_days_ago=1, rating=Rating.TRUE)
    claim(ClaimStatus.PUBLISHED, days_ago=40, published_days_ago=1, rating=Rating.FALSE)
    claim(ClaimStatus.PUBLISHED, days_ago=50, published_days_ago=35, rating=Rating.FALSE)  # before the window
    claim(ClaimStatus.DISMISSED, days_ago=29)  # the window's first day
    return {"oldest": [older_worthy, old_worthy, new_worthy]}


def by_label(bars):
    return {bar.label: bar.value for bar in bars}


def test_claims_by_status(newsroom, reviewer):
    board = dashboard.dashboard(reviewer)
    assert by_label(board.by_status) == {
        "Unreviewed": 4, "In review": 3, "Reviewed": 1, "Published": 3, "Dismissed": 1}
    assert board.total == 12


def test_new_claims_and_published_fact_checks_per_day_over_30_days(newsroom, reviewer):
    board = dashboard.dashboard(reviewer)
    assert len(board.new_per_day) == len(board.published_per_day) == 30
    assert board.new_per_day[0].label == (TODAY - timedelta(days=29)).isoformat()
    assert board.new_per_day[-1].label == TODAY.isoformat()
    new = {bar.label: bar.value for bar in board.new_per_day if bar.value}
    assert new == {TODAY.isoformat(): 1, (TODAY - timedelta(days=3)).isoformat(): 3,
                   (TODAY - timedelta(days=29)).isoformat(): 1}
    published = {bar.label: bar.value for bar in board.published_per_day if bar.value}
    assert published == {(TODAY - timedelta(days=1)).isoformat(): 2}


def test_rating_breakdown_of_published_claims_lists_the_whole_scale(newsroom, reviewer):
    ratings = by_label(dashboard.dashboard(reviewer).by_rating)
    assert ratings["True"] == 1 and ratings["False"] == 2
    assert sum(ratings.values()) == 3
    assert set(ratings) >= {"True", "Mostly true", "Mixed", "Mostly false", "False", "Misleading", "Unproven"}


def test_oldest_unreviewed_check_worthy_claims_oldest_first_linked(newsroom, reviewer):
    oldest = dashboard.dashboard(reviewer).oldest_checkworthy
    assert [c.id for c in oldest] == [c.id for c in newsroom["oldest"]]
    assert oldest[0].url == reverse("admin:claims_claim_change", args=[newsroom["oldest"][0].id])


def test_oldest_shows_at_most_ten(reviewer):
    for days in range(12):
        claim(days_ago=days)
    assert len(dashboard.dashboard(reviewer).oldest_checkworthy) == 10


def test_my_open_claims_are_mine_and_in_review(newsroom, reviewer, other_reviewer, editor):
    assert dashboard.dashboard(reviewer).my_open_claims == 2
    assert dashboard.dashboard(other_reviewer).my_open_claims == 1
    assert dashboard.dashboard(editor).my_open_claims == 0


def test_page_shows_figures_as_well_formed_svg_with_titles(newsroom, reviewer_client):
    response = reviewer_client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    charts = [ET.fromstring(svg) for svg in SVG.findall(page)]
    assert len(charts) == 4
    for chart in charts:
        assert chart.tag == f"{SVG_NS}svg" and chart.get("role") == "img"
        assert chart.find(f"{SVG_NS}title").text
        bars = chart.findall(f".//{SVG_NS}rect")
        assert bars and all(bar.find(f"{SVG_NS}title") is not None for bar in bars)
    status_chart = charts[0]
    texts = [t.text for t in status_chart.iter(f"{SVG_NS}text")]
    assert "Unreviewed" in texts and "4" in texts
    titles = [t.text for t in status_chart.iter(f"{SVG_NS}title")]
    assert "Unreviewed: 4 claims" in titles
    for old in newsroom["oldest"]:
        assert reverse("admin:claims_claim_change", args=[old.id]) in page
    assert "My open claims" in page
    assert page.index('id="ct-dashboard"') < page.index('class="app-claims')  # the app list stays, below


def test_chart_labels_are_escaped(reviewer):
    chart = dashboard.bar_chart([dashboard.Bar("<b>&", 3)], title="A <title>", unit="x")
    root = ET.fromstring(chart)
    assert root.find(f"{SVG_NS}title").text == "A <title>"
    assert [t.text for t in root.iter(f"{SVG_NS}text")] == ["<b>&", "3"]


def test_empty_database_draws_empty_charts(reviewer_client):
    page = reviewer_client.get(INDEX).content.decode()
    assert len([ET.fromstring(svg) for svg in SVG.findall(page)]) == 4
    assert "No unreviewed claim scores" in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INDEX).status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_5_and_50_claims(reviewer, reviewer_client, django_assert_num_queries):
    for n in range(5):
        claim(ClaimStatus.IN_REVIEW if n % 2 else ClaimStatus.UNREVIEWED, days_ago=n, assigned_to=reviewer)
    reviewer_client.get(INDEX)  # warms the content-type and permission caches
    few = _queries(reviewer_client)
    for n in range(45):
        status = [ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED][n % 3]
        claim(status, days_ago=n % 40, assigned_to=reviewer if status == ClaimStatus.IN_REVIEW else None)
    with django_assert_num_queries(few):
        assert reviewer_client.get(INDEX).status_code == 200


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "editor_client", "superuser_client"])
def test_newsroom_members_see_the_dashboard(client_fixture, request, db):
    claim()
    page = request.getfixturevalue(client_fixture).get(INDEX).content.decode()
    assert 'id="ct-dashboard"' in page and "Claims by status" in page


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_links_open_the_claim_list_filtered(newsroom, reviewer, reviewer_client):
    board = dashboard.dashboard(reviewer)
    mine = reviewer_client.get(board.my_open_claims_url)
    assert mine.status_code == 200 and mine.context["cl"].result_count == 2
    published = next(bar for bar in board.by_status if bar.label == "Published")
    assert reviewer_client.get(published.url).context["cl"].result_count == 3
    false = next(bar for bar in board.by_rating if bar.label == "False")
    assert reviewer_client.get(false.url).context["cl"].result_count == 2
