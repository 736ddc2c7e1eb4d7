"""The claim change form: the claim in its article, workflow buttons, hand edits, stale forms."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.errors import SpanMessage, WorkflowMessage
from claims.admin.forms import AdminMessage
from claims.models import RECENT_HISTORY, ClaimAction, ClaimEvent, ClaimStatus, Rating
from claims.review.workflow import claim_publish, claim_rate, claim_release, claim_start
from tests.factories import BODY, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def move_url(claim, action):
    return reverse("admin:claims_claim_transition", args=[claim.pk, action])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(claim, **overrides):
    data = {"start": claim.start, "end": claim.end, "claimant": claim.claimant_id or "", "kind": claim.kind,
            "version": claim.version}
    data.update(overrides)
    return data


def rated(claim, reviewer):
    return claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.",
                      evidence=[{"url": "https://stats.example/report"}])


def test_change_form_shows_the_claim_highlighted_inside_its_article(reviewer_client):
    article = ArticleFactory()
    start = BODY.index("Exports")
    claim = ClaimFactory(article=article, start=start, end=BODY.index("said.") + 5)

    html = reviewer_client.get(change_url(claim)).content.decode()

    assert '<mark class="claim-span status-unreviewed">Exports rose 12% in 2024, the ministry said.</mark>' in html
    assert "Colombia is the world" in html  # the sentence before, as context


def test_markup_in_body_title_and_claim_is_shown_as_text(reviewer_client, script_claim):
    html = reviewer_client.get(change_url(script_claim)).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>that</b>" not in html and "&lt;b&gt;that&lt;/b&gt;" in html


@pytest.mark.parametrize(("status_moves", "expected"), [
    ([], {"start", "rate", "dismiss"}),
    (["start"], {"release", "rate", "dismiss"}),
    (["dismiss"], {"restore"}),
])
def test_buttons_fit_the_claims_status(reviewer, reviewer_client, claim, status_moves, expected):
    from claims.review.workflow import claim_transition

    for action in status_moves:
        claim_transition(claim=claim, actor=reviewer, action=action)

    response = reviewer_client.get(change_url(claim))

    shown = {button["action"] for button in response.context["workflow_buttons"]}
    assert shown == expected


def test_publish_button_is_absent_for_reviewers_and_for_the_verdicts_author(
        reviewer, reviewer_client, editor, editor_client, other_editor, claim):
    claim = rated(claim, editor)

    editor_html = editor_client.get(change_url(claim)).content.decode()
    reviewer_html = reviewer_client.get(change_url(claim)).content.decode()
    from django.test import Client
    other = Client()
    other.force_login(other_editor)
    other_html = other.get(change_url(claim)).content.decode()

    assert 'data-action="publish"' not in editor_html
    assert 'id="publish-blocked"' in editor_html
    assert 'data-action="publish"' not in reviewer_html
    assert 'data-action="publish"' in other_html


def test_publish_opens_a_confirmation_page_showing_the_verdict_about_to_go_public(
        reviewer, editor_client, claim):
    claim = rated(claim, reviewer)

    html = editor_client.get(change_url(claim)).content.decode()
    assert f'<a class="button" href="{move_url(claim, "publish")}" data-action="publish">Publish…</a>' in html

    page = editor_client.get(move_url(claim, "publish"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED  # opening the page publishes nothing
    confirm = page.content.decode()
    assert 'id="claim-confirm"' in confirm and "The verdict about to go public" in confirm
    assert "<strong>False</strong>" in confirm and "Wrong." in confirm
    assert 'href="https://stats.example/report"' in confirm
    assert 'value="Publish" name="_confirm"' in confirm


def test_publish_happens_when_the_confirmation_page_is_posted(reviewer, editor, editor_client, claim):
    claim = rated(claim, reviewer)

    response = editor_client.post(move_url(claim, "publish"), {"version": claim.version, "_confirm": "Publish"})

    assert response.status_code == 302 and response.url == change_url(claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert "Claim published (status: Published)." in messages_of(response)


def test_publish_posted_by_the_verdicts_author_is_refused(editor, editor_client, claim):
    claim = rated(claim, editor)

    response = editor_client.post(move_url(claim, "publish"), {"version": claim.version})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED
    assert any(WorkflowMessage.OWN_VERDICT in message for message in messages_of(response))


def test_publish_posted_by_a_reviewer_is_refused(reviewer, reviewer_client, other_reviewer, claim):
    claim = rated(claim, other_reviewer)

    reviewer_client.post(move_url(claim, "publish"), {"version": claim.version})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED


def test_start_button_starts_and_assigns(reviewer, reviewer_client, claim):
    response = reviewer_client.post(move_url(claim, "start"), {"version": claim.version})

    assert response.status_code == 302 and response.url == change_url(claim)
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == (ClaimStatus.IN_REVIEW, reviewer)


def test_rate_page_asks_for_rating_summary_and_evidence(reviewer_client, claim):
    response = reviewer_client.get(move_url(claim, "rate"))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ('name="rating"', 'name="summary"', 'name="evidence-0-url"', 'name="version"'):
        assert name in html


def test_rate_records_verdict_with_evidence(reviewer, reviewer_client, claim):
    claim_start(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    data = {"version": claim.version, "rating": Rating.FALSE, "summary": "The ministry said 2%.", "note": "",
            "evidence-TOTAL_FORMS": 3, "evidence-INITIAL_FORMS": 0,
            "evidence-0-url": "https://ministry.example/exports", "evidence-0-title": "Export data",
            "evidence-0-stance": "refutes"}
    for row in (1, 2):
        data[f"evidence-{row}-stance"] = "context"

    response = reviewer_client.post(move_url(claim, "rate"), data)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.rating) == (ClaimStatus.REVIEWED, Rating.FALSE)
    assert [e.url for e in claim.current_verdict.evidence.all()] == ["https://ministry.example/exports"]
    html = reviewer_client.get(change_url(claim)).content.decode()
    assert "The ministry said 2%." in html and "https://ministry.example/exports" in html


def test_rate_without_summary_shows_the_error_and_writes_nothing(reviewer_client, claim):
    response = reviewer_client.post(move_url(claim, "rate"), {
        "version": claim.version, "rating": Rating.FALSE, "summary": "",
        "evidence-TOTAL_FORMS": 0, "evidence-INITIAL_FORMS": 0})

    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED and not ClaimEvent.objects.filter(claim=claim).exists()


def test_reopen_requires_a_note(reviewer, editor, editor_client, other_editor, claim):
    claim = claim_publish(claim=rated(claim, reviewer), actor=other_editor)

    response = editor_client.post(move_url(claim, "reopen"), {"version": claim.version, "note": ""})
    assert response.status_code == 200 and response.context["form"].errors["note"]

    response = editor_client.post(move_url(claim, "reopen"), {"version": claim.version, "note": "New data."})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_stale_move_is_refused_and_writes_nothing(reviewer, reviewer_client, other_reviewer, claim):
    opened_version = claim.version
    claim_start(claim=claim, actor=other_reviewer)  # someone else moves it after the page was opened

    response = reviewer_client.post(move_url(claim, "dismiss"), {"version": opened_version, "note": "dup"})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW and claim.assigned_to == other_reviewer
    assert any("changed since you loaded it" in message for message in messages_of(response))


def test_crafted_post_cannot_set_status_rating_or_version(reviewer_client, claim):
    before = claim.version
    data = form_data(claim, status="published", rating="true", version=99, current_verdict="", assigned_to="")

    response = reviewer_client.post(change_url(claim), data)

    assert response.status_code == 200  # the form comes back with the stale-version error
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.version) == (ClaimStatus.UNREVIEWED, None, before)
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_crafted_post_with_the_right_version_still_cannot_set_status_or_rating(reviewer_client, claim):
    data = form_data(claim, status="published", rating="true", kind="quote")

    reviewer_client.post(change_url(claim), data)

    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.kind) == (ClaimStatus.UNREVIEWED, None, "quote")
    assert claim.version == 2  # the hand edit, through claim_edit


def test_stale_hand_edit_is_refused_with_a_message(reviewer, reviewer_client, claim):
    opened = form_data(claim, kind="quote")
    claim_start(claim=claim, actor=reviewer)

    response = reviewer_client.post(change_url(claim), opened)

    claim.refresh_from_db()
    assert claim.kind != "quote"
    assert AdminMessage.STALE.split("(")[0] in response.content.decode()


def test_span_edit_retakes_text_from_the_body_and_records_history(reviewer, reviewer_client, claim):
    start, end = BODY.index("Exports"), BODY.index("said.") + 5

    response = reviewer_client.post(change_url(claim), form_data(claim, start=start, end=end))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Exports rose 12% in 2024, the ministry said."
    assert claim.edited_by_hand
    assert claim.events.get().action == ClaimAction.EDIT


def test_span_past_the_end_of_the_body_is_refused(reviewer_client, claim):
    response = reviewer_client.post(change_url(claim), form_data(claim, end=len(BODY) + 10))

    assert response.status_code == 200
    assert SpanMessage.OUT_OF_RANGE.format(end=len(BODY) + 10, length=len(BODY)) in response.content.decode()
    claim.refresh_from_db()
    assert claim.end == BODY.index(".") + 1


def test_published_claim_span_cannot_be_edited(reviewer, editor, claim):
    claim = claim_publish(claim=rated(claim, reviewer), actor=editor)
    from django.test import Client
    client = Client()
    client.force_login(reviewer)

    client.post(change_url(claim), form_data(claim, end=claim.end + 5))

    claim.refresh_from_db()
    assert claim.end == BODY.index(".") + 1


def test_manual_claim_can_be_added(reviewer, reviewer_client):
    article = ArticleFactory()
    start, end = BODY.index("Officials"), len(BODY)

    response = reviewer_client.post(reverse("admin:claims_claim_add"), {
        "article": article.pk, "start": start, "end": end, "claimant": "", "kind": "prediction",
        "check_worthiness": "0.5"})

    assert response.status_code == 302
    claim = article.claims.get()
    assert claim.text == "Officials expect further growth next year."
    assert claim.extractor == "manual" and claim.events.get().action == ClaimAction.CREATE


def test_history_is_listed_newest_first_with_who(reviewer, reviewer_client, claim):
    claim_start(claim=claim, actor=reviewer)
    rated(claim, reviewer)

    html = reviewer_client.get(change_url(claim)).content.decode()

    history = html[html.index('class="claim-history"'):]
    assert history.index("Rated") < history.index("Started review")
    assert "rita-reviewer" in history


def test_a_long_history_shows_the_latest_events_and_links_to_all_of_them(
        reviewer, reviewer_client, claim, django_assert_max_num_queries):
    for _ in range(RECENT_HISTORY):  # twice as many events as the page shows
        claim_start(claim=claim, actor=reviewer)
        claim_release(claim=claim, actor=reviewer)

    with django_assert_max_num_queries(12):
        html = reviewer_client.get(change_url(claim)).content.decode()

    history = html[html.index('class="claim-history"'):html.index("</table>", html.index('class="claim-history"'))]
    assert history.count("<tr>") == RECENT_HISTORY + 1  # the header row and the latest events
    link = f'{reverse("admin:claims_claimevent_changelist")}?claim__id__exact={claim.pk}'
    assert f'href="{link}"' in html
    other = ClaimFactory()
    claim_start(claim=other, actor=reviewer)
    listed = reviewer_client.get(link)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2 * RECENT_HISTORY  # this claim's events, not the other's


def test_similar_claims_in_other_articles_are_listed(reviewer_client, claim):
    twin = ClaimFactory()  # same sentence, another article
    same_article = ClaimFactory(article=claim.article, start=BODY.index("Exports"), end=BODY.index("said.") + 5)

    html = reviewer_client.get(change_url(claim)).content.decode()

    similar = html[html.index('class="similar-claims"'):]
    assert change_url(twin) in similar
    assert change_url(same_article) not in similar


def test_a_claim_with_a_verdict_cannot_be_deleted(reviewer, editor_client, claim):
    claim = rated(claim, reviewer)

    response = editor_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert ClaimEvent.objects.filter(claim=claim).exists()


def test_an_existing_claim_shows_only_save_edited_by_hand_as_a_word_and_its_articles_outlet_link_and_date(
        reviewer_client):
    from datetime import datetime, timezone

    from tests.factories import SourceFactory

    article = ArticleFactory(source=SourceFactory(name="El Tiempo"), url="https://eltiempo.example/coca",
                             published_at=datetime(2025, 3, 4, 12, tzinfo=timezone.utc))
    claim = ClaimFactory(article=article, start=BODY.index("Exports"), end=BODY.index("said.") + 5)

    html = reviewer_client.get(change_url(claim)).content.decode()

    assert 'name="_save"' in html and 'name="_addanother"' not in html and 'name="_continue"' not in html
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html
    assert '<div class="readonly">no</div>' in html
    assert '<span class="claim-outlet">El Tiempo</span>' in html
    assert '<time datetime="2025-03-04T12:00:00+00:00">2025-03-04</time>' in html
    assert 'href="https://eltiempo.example/coca"' in html
