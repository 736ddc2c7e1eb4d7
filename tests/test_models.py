import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from claims.errors import SpanMessage
from claims.models import Claim, ClaimAction, ClaimEvent, Claimant, span_errors
from tests.factories import ArticleFactory, ClaimFactory


@pytest.mark.parametrize(("start", "end", "text", "field", "message"), [
    (-1, 5, None, "start", SpanMessage.START_NEGATIVE),
    (5, 5, None, "end", SpanMessage.EMPTY),
    (0, 10_000, None, "end", "past the end of the article body"),
    (0, 8, "Colombo", "text", "does not match the article body at 0:8"),
])
def test_span_errors_name_the_problem(start, end, text, field, message):
    errors = span_errors("Colombia is large.", start, end, text)
    assert message in errors[field]


def test_span_matching_the_body_is_valid():
    assert span_errors("Colombia is large.", 0, 8, "Colombia") == {}


def test_clean_refuses_a_span_that_does_not_match_the_body(db):
    article = ArticleFactory()
    claim = Claim(article=article, start=0, end=8, text="Colombo!", extractor="manual")
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert "text" in refused.value.message_dict


def test_database_refuses_a_span_that_does_not_match_the_body(db):
    article = ArticleFactory()
    with pytest.raises(IntegrityError, match="does not match the body"), transaction.atomic():
        Claim.objects.bulk_create([Claim(article=article, start=0, end=8, text="Colombo!")])
    with pytest.raises(IntegrityError, match="does not match the body"), transaction.atomic():
        Claim.objects.bulk_create([Claim(article=article, start=0, end=10_000, text=article.body)])


def test_database_refuses_empty_and_duplicate_spans(db):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=claim.article, start=3, end=3, text="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=claim.article, start=claim.start, end=claim.end, text=claim.text)


def test_database_refuses_a_body_edit_that_breaks_claims(db):
    claim = ClaimFactory()
    article = claim.article
    article.body = "Something else entirely, and longer than before: " + article.body
    with pytest.raises(IntegrityError, match="no longer matches its claims"), transaction.atomic():
        article.save()


def test_offsets_count_characters_not_bytes_in_the_database(db):
    article = ArticleFactory(body="😀 Émile said “coca rose 5%”. Next sentence.")
    start = article.body.index("“")
    end = article.body.index("”") + 1
    claim = Claim.objects.create(article=article, start=start, end=end, text=article.body[start:end])
    assert Claim.objects.get(pk=claim.pk).text == "“coca rose 5%”"


def test_database_refuses_out_of_range_score_and_unknown_status(db):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(check_worthiness=1.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="approved")


def test_claimant_names_are_unique_case_insensitively(db):
    Claimant.objects.create(name="Petro")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claimant.objects.create(name="PETRO")


def test_claim_events_are_append_only(db):
    claim = ClaimFactory()
    event = ClaimEvent.objects.create(claim=claim, action=ClaimAction.EDIT, to_status=claim.status, version=1)
    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claimevent SET note = 'x' WHERE id = %s", [event.pk])


def test_deleting_a_claim_removes_its_history_with_it(db, reviewer):
    from claims.review import workflow
    from claims.models import Rating

    claim = ClaimFactory()
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.")
    Claim.objects.filter(pk=claim.pk).delete()
    assert not ClaimEvent.objects.exists()


def test_similar_claims_share_key_words_and_come_from_other_articles(db):
    original = ClaimFactory(article=ArticleFactory(
        body="Colombia produced record amounts of coca in 2023. Other news."), start=0, end=49)
    reworded = ClaimFactory(article=ArticleFactory(
        body="Colombia produced record coca amounts during 2023, officials said. More."), start=0, end=66)
    ClaimFactory(article=original.article, start=50, end=61)  # same article: never listed
    ClaimFactory(article=ArticleFactory(body="Wheat prices fell sharply in Kansas. Fine."), start=0, end=36)

    similar = list(Claim.objects.similar_to(original))

    assert [claim.pk for claim in similar] == [reworded.pk]
    assert 0.3 <= similar[0].similarity < 1
