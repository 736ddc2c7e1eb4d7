"""The span picker on the server's side: which pages offer it, what they render for it, and that a
picked span is checked like any other (the browser only proposes; tests/browser covers the picking)."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.admin.forms import PICK_FIRST
from claims.models import Claim, ClaimStatus, Rating
from claims.review.workflow import claim_rate, claim_start
from tests.factories import BODY, ArticleFactory, ClaimFactory


pytestmark = pytest.mark.django_db
ADD = reverse("admin:claims_claim_add")
SOURCE = re.compile(r'<span class="span-source" data-offset="(\d+)">')
TAG = re.compile(r"<[^>]+>")


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def source_text(html: str) -> tuple[int, str]:
    """The picker's data-offset and the text inside its .span-source, unescaped, as the browser reads it."""
    from html import unescape

    match = SOURCE.search(html)
    inner, depth, position = [], 1, match.end()
    for tag in re.finditer(r"<(/?)span\b[^>]*>", html[position:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            inner = html[position:position + tag.start()]
            break
    return int(match.group(1)), unescape(TAG.sub("", inner))


def test_an_open_claim_picks_its_span_by_selection_not_number_boxes(reviewer_client, claim):
    html = reviewer_client.get(change_url(claim)).content.decode()

    assert "data-span-picker" in html and "claims/span_picker.js" in html
    assert re.search(r'<input type="hidden" name="start" value="0" id="id_start">', html)
    assert re.search(r'<input type="hidden" name="end" value="\d+" id="id_end">', html)
    assert 'type="number" name="start"' not in html


@pytest.mark.parametrize("status", [ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED])
def test_a_judged_claim_offers_no_picker(reviewer, editor, reviewer_client, claim, status):
    claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.",
               evidence=[{"url": "https://stats.example/report"}])
    if status == ClaimStatus.PUBLISHED:
        from claims.review.workflow import claim_publish

        claim_publish(claim=claim, actor=editor)
    html = reviewer_client.get(change_url(claim)).content.decode()

    assert "data-span-picker" not in html and 'name="start"' not in html
    assert "characters 0–" in html  # the span, as words


@given(start=st.integers(0, len(BODY) - 1), length=st.integers(1, 60))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_passage_is_the_body_from_its_offset(reviewer_client, start, length):
    """What the script counts from: the text inside .span-source is the body from data-offset on."""
    end = min(len(BODY), start + length)
    article = ArticleFactory(body=BODY)
    claim = ClaimFactory(article=article, start=start, end=end, text=BODY[start:end])

    offset, text = source_text(reviewer_client.get(change_url(claim)).content.decode())

    assert BODY[offset:offset + len(text)] == text and offset <= start and offset + len(text) >= end
    claim.delete()
    article.delete()


def test_a_picked_span_is_saved_and_a_bad_one_names_the_problem(reviewer, reviewer_client, claim):
    claim_start(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    start = BODY.index("Exports")
    data = {"start": start, "end": BODY.index(" Officials"), "claimant": "", "kind": claim.kind,
            "version": claim.version}

    response = reviewer_client.post(change_url(claim), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Exports rose 12% in 2024, the ministry said."

    response = reviewer_client.post(change_url(claim), {**data, "end": len(BODY) + 5, "version": claim.version})
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("The selected text does not make a claim: end" in error for error in errors), errors
    assert 'class="errornote"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Exports rose 12% in 2024, the ministry said."


def test_a_new_claim_from_an_articles_page_shows_the_article_to_select_in(reviewer_client):
    article = ArticleFactory(body=BODY)
    existing = ClaimFactory(article=article)
    start, end = BODY.index("Officials"), len(BODY)

    html = reviewer_client.get(f"{ADD}?article={article.pk}&start={start}&end={end}").content.decode()

    assert "data-span-picker" in html
    assert f'<mark class="claim-span status-unreviewed picked" title="The new claim">{BODY[start:end]}</mark>' in html
    assert f'title="Claim {existing.pk}"' in html  # the claims already there, underlined
    assert f'<input type="hidden" name="start" value="{start}" id="id_start">' in html

    response = reviewer_client.post(ADD, {"article": article.pk, "start": start, "end": end, "kind": "prediction"})
    assert response.status_code == 302
    assert Claim.objects.get(article=article, start=start).text == "Officials expect further growth next year."


def test_saving_a_new_claim_before_selecting_says_so(reviewer_client):
    article = ArticleFactory(body=BODY)

    response = reviewer_client.post(f"{ADD}?article={article.pk}", {"article": article.pk, "start": "", "end": "",
                                                                    "kind": "prediction"})

    assert response.status_code == 200
    assert PICK_FIRST in response.context["adminform"].form.non_field_errors()
    assert not Claim.objects.filter(article=article).exists()


@pytest.mark.parametrize("article", ["", "abc", "99999999", "9" * 40, "-1"])
def test_strange_article_parameters_give_the_plain_form(reviewer_client, article):
    response = reviewer_client.get(f"{ADD}?article={article}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-span-picker" not in html or "Choose the article first." in html


def test_the_review_section_shows_the_ratings_label(reviewer, reviewer_client, claim):
    claim_rate(claim=claim, actor=reviewer, rating=Rating.MOSTLY_FALSE, summary="Wrong.",
               evidence=[{"url": "https://stats.example/report"}])
    html = reviewer_client.get(change_url(claim)).content.decode()
    review = html[html.index("<h2>Review</h2>") if "<h2>Review</h2>" in html else html.index(">Review<"):]
    review = review[:review.index("</fieldset>")]
    assert "Mostly false" in review and "mostly_false" not in review


ANY_VALUE = st.one_of(st.text(max_size=30), st.integers(-10**20, 10**20).map(str), st.just(""))


@given(article=ANY_VALUE, start=ANY_VALUE, end=ANY_VALUE, claimant=ANY_VALUE)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_picker_input_however_strange_is_a_server_error(reviewer, reviewer_client, claim, article, start, end,
                                                           claimant):
    """What the page's script (or anyone) sends as start, end and article: a page or a redirect, never a 500,
    and never a span the body does not have."""
    from urllib.parse import urlencode

    claim_start(claim=claim, actor=reviewer) if claim.status == ClaimStatus.UNREVIEWED else None
    claim.refresh_from_db()
    clean = {key: value.replace("\x00", "") for key, value in
             {"article": article, "start": start, "end": end, "claimant": claimant}.items()}
    assert reviewer_client.get(f"{ADD}?{urlencode(clean)}").status_code == 200
    added = reviewer_client.post(ADD, {**clean, "kind": "other"})
    changed = reviewer_client.post(change_url(claim), {"start": clean["start"], "end": clean["end"], "claimant": "",
                                                       "kind": claim.kind, "version": claim.version})
    assert added.status_code in (200, 302) and changed.status_code in (200, 302)
    for stored in Claim.objects.select_related("article"):
        assert stored.article.body[stored.start:stored.end] == stored.text


@pytest.mark.parametrize("source", [":", "abc", "1e5", "9" * 30])
def test_an_article_posted_with_a_strange_outlet_is_refused_not_a_500(editor_client, source):
    response = editor_client.post(reverse("admin:claims_article_add"), {
        "title": "T", "body": "Exports rose 12% in 2024, the ministry said.", "source": source, "language": "en"})
    assert response.status_code == 200
    assert "source" in response.context["adminform"].form.errors


@pytest.mark.parametrize("query", ["?claimant_id=²", "?claimant_id=١٢", "?claimant_id=" + "9" * 40])
def test_a_claimant_filter_of_non_ascii_digits_lists_nothing_rather_than_failing(reviewer_client, claim, query):
    response = reviewer_client.get(reverse("admin:claims_claim_changelist") + query)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("value", ["²", "١", "9" * 40])
def test_evidence_from_a_strange_match_id_prefills_nothing(reviewer, reviewer_client, claim, value):
    claim_start(claim=claim, actor=reviewer)
    response = reviewer_client.get(reverse("admin:claims_claim_transition", args=[claim.pk, "rate"]),
                                   {"evidence_from": value})
    assert response.status_code == 200


def test_the_article_a_claim_is_picked_in_is_fixed_and_a_bad_one_named(reviewer_client):
    article = ArticleFactory(body=BODY)
    html = reviewer_client.get(f"{ADD}?article={article.pk}").content.decode()
    assert f'<input type="hidden" name="article" value="{article.pk}"' in html and 'data-model-ref="article"' not in html

    response = reviewer_client.post(f"{ADD}?article=999999", {"article": "999999", "start": "0", "end": "5",
                                                             "kind": "other"})
    assert response.status_code == 200
    assert any(error.startswith("The article: ") for error in response.context["adminform"].form.non_field_errors())


def test_picking_in_an_article_needs_the_right_to_read_it(reviewer, reviewer_client):
    from django.contrib.auth.models import Permission

    article = ArticleFactory(body=BODY)
    reviewer.user_permissions.add(Permission.objects.get(codename="add_claim"))
    for group in reviewer.groups.all():
        reviewer.groups.remove(group)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    html = reviewer_client.get(f"{ADD}?article={article.pk}").content.decode()
    assert "data-span-picker" not in html and BODY not in html
