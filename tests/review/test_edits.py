import pytest
from django.core.exceptions import ValidationError

from claims.errors import Conflict, EditMessage, Forbidden, IngestMessage, Stale
from claims.review import workflow
from claims.models import MANUAL_EXTRACTOR, Article, ClaimAction, Claimant, ClaimKind, ClaimStatus, Rating
from claims.ingest.articles import article_ingest, content_hash
from claims.review.edits import claim_create, claim_edit
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_content_hash_ignores_white_space_and_line_ends_but_not_words():
    assert content_hash("T", "a b\r\nc") == content_hash(" T ", "a  b\nc")
    assert content_hash("T", "a b c") != content_hash("T", "a b d")


def test_ingest_twice_returns_the_stored_article():
    first = article_ingest(title="Budget", body="The senate passed a $2 billion budget.")
    second = article_ingest(title="Budget", body="The senate passed a  $2 billion budget.\n")
    assert first.created and not second.created
    assert second.article == first.article
    assert Article.objects.count() == 1


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"title": "", "body": "Text."}, "title", IngestMessage.TITLE_REQUIRED),
    ({"title": "T", "body": "  \n "}, "body", IngestMessage.BODY_REQUIRED),
    ({"title": "T", "body": "a\x00b"}, "body", IngestMessage.NUL_BYTE),
    ({"title": "T" * 1001, "body": "Text."}, "title", "limit is 1000"),
    ({"title": "T", "body": "Text.", "url": "nope"}, "url", "Enter a valid URL."),
    ({"title": "T", "body": "Text.", "language": "english"}, "language", "not an ISO 639-1"),
])
def test_ingest_refuses_bad_input_with_field_errors(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        article_ingest(**fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Article.objects.exists()


def test_ingest_refuses_a_url_used_by_other_content():
    article_ingest(title="A", body="Text one.", url="https://news.example/a")
    with pytest.raises(ValidationError, match="already has this URL"):
        article_ingest(title="B", body="Text two.", url="https://news.example/a")


def test_ingest_refuses_a_body_over_the_limit(settings):
    settings.CLAIMTRACKER_MAX_ARTICLE_BYTES = 100
    with pytest.raises(ValidationError, match="the limit is 100 bytes"):
        article_ingest(title="T", body="é" * 60)


def test_manual_claim_takes_its_text_from_the_body_and_records_who(reviewer):
    article = ArticleFactory()
    start = article.body.index("Exports")
    end = article.body.index("2024") + 4
    claim = claim_create(article=article, start=start, end=end, actor=reviewer, claimant="The Ministry")

    assert claim.text == "Exports rose 12% in 2024"
    assert (claim.extractor, claim.edited_by_hand, claim.status) == (MANUAL_EXTRACTOR, True, ClaimStatus.UNREVIEWED)
    assert claim.claimant.name == "The Ministry"
    assert 0 <= claim.check_worthiness <= 1
    event = claim.events.get()
    assert (event.action, event.actor) == (ClaimAction.CREATE, reviewer)


def test_manual_claim_with_mismatching_text_names_the_mismatch(reviewer):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as refused:
        claim_create(article=article, start=0, end=8, text="Columbia", actor=reviewer)
    assert "does not match the article body at 0:8" in refused.value.message_dict["text"][0]


def test_manual_claim_on_a_taken_span_is_refused(reviewer):
    existing = ClaimFactory()
    with pytest.raises(ValidationError, match=f"claim {existing.pk}"):
        claim_create(article=existing.article, start=existing.start, end=existing.end, actor=reviewer)


def test_user_without_add_permission_cannot_create(django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="a-long-password")
    with pytest.raises(Forbidden):
        claim_create(article=ArticleFactory(), start=0, end=8, actor=nobody)


def test_edit_retakes_text_reuses_claimants_case_insensitively_and_logs(reviewer):
    claim = ClaimFactory()
    petro = Claimant.objects.create(name="Petro")
    body = claim.article.body
    edited = claim_edit(claim=claim, actor=reviewer, expected_version=1, start=0, end=8, claimant="PETRO",
                        kind="event")
    assert (edited.text, edited.claimant, edited.kind, edited.version) == (body[0:8], petro, "event", 2)
    assert edited.edited_by_hand
    event = edited.events.get()
    assert event.action == ClaimAction.EDIT and "start, end, text, claimant, kind" in event.note


def test_edit_out_of_range_is_refused(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="past the end of the article body"):
        claim_edit(claim=claim, actor=reviewer, end=100_000)


def test_edit_with_stale_version_is_refused(reviewer):
    claim = ClaimFactory()
    claim_edit(claim=claim, actor=reviewer, kind="event")
    with pytest.raises(Stale):
        claim_edit(claim=claim, actor=reviewer, expected_version=1, kind="quote")


def test_published_claim_cannot_be_edited(reviewer, editor):
    claim = ClaimFactory()
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.")
    workflow.claim_publish(claim=claim, actor=editor)
    with pytest.raises(Conflict, match=EditMessage.PUBLISHED):
        claim_edit(claim=claim, actor=editor, kind="event")


def test_content_hash_is_stable_across_releases():
    # Stored articles are found again by this hash: its normalisation must never drift.
    assert content_hash(" Trump en  Petro ", "E\u0301e\u0301n zin.\u00a0\u00a0Twee\tzinnen.\r\n") == (
        "ea863f7294562ebc9bcf3c18a6fff8a99f65372817a1e6ede37d7d1ba3c0bbd5")


def test_a_reviewed_claims_span_changes_only_through_reopen(reviewer, other_reviewer, editor):
    # Regression (issue 13, 5): a verdict was published on a span shortened after it was rated.
    article = ArticleFactory(body="According to the bank, GDP grew 3.1 percent in the second quarter.")
    claim = ClaimFactory(article=article, start=0, end=len(article.body), text=article.body)
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.MOSTLY_FALSE, summary="It grew 2.4 percent.")

    with pytest.raises(Conflict) as refused:
        claim_edit(claim=claim.pk, actor=other_reviewer, start=0, end=21)
    assert refused.value.reason == EditMessage.VERDICT_ON_TEXT
    claim.refresh_from_db()
    assert claim.text == article.body

    claim_edit(claim=claim.pk, actor=other_reviewer, kind=ClaimKind.STATISTIC)  # not the span: allowed
    workflow.claim_reopen(claim=claim.pk, actor=editor, note="The span was too long.")
    claim_edit(claim=claim.pk, actor=other_reviewer, start=0, end=21)
    with pytest.raises(Conflict):  # the old verdict cannot go out on the new text: rate it again first
        workflow.claim_publish(claim=claim.pk, actor=editor)


def test_the_api_refuses_to_change_a_reviewed_claims_span(reviewer, other_reviewer):
    from rest_framework.test import APIClient

    article = ArticleFactory(body="According to the bank, GDP grew 3.1 percent in the second quarter.")
    claim = ClaimFactory(article=article, start=0, end=len(article.body), text=article.body)
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.MOSTLY_FALSE, summary="It grew 2.4 percent.")
    client = APIClient()
    client.force_authenticate(other_reviewer)

    response = client.patch(f"/api/claims/{claim.pk}/", {"start": 0, "end": 21}, format="json")

    assert response.status_code == 409
    assert EditMessage.VERDICT_ON_TEXT in response.json()["detail"]


def test_a_hand_edits_note_has_the_same_limit_as_a_moves(reviewer):
    from claims.review.events import NOTE_MAX_LENGTH

    article = ArticleFactory(body="Exports rose 5% in 2024. Imports fell.")
    with pytest.raises(ValidationError) as refused:
        claim_create(article=article, start=0, end=24, actor=reviewer, note="x" * (NOTE_MAX_LENGTH + 1))
    assert list(refused.value.message_dict) == ["note"]
    assert not article.claims.exists()
