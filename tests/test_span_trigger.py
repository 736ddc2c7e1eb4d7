"""The span trigger (migrations 0003 and 0006) refuses exactly the spans that are not body[start:end],
whichever of its two ways it takes (substr for a few spans, code points for many), on real news with
multi-byte characters, for INSERT, COPY-sized batches, UPDATE and a changed body."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim
from tests.datasets import REUTERS, reuters_articles
from tests.factories import ArticleFactory


if REUTERS.is_file():
    BODIES = [article["body"] for article in reuters_articles(20, every=500)]
else:
    BODIES = ["The minister said “growth reached 3.1 percent” in Bogotá. Prices rose 5%. 😀 Émile agreed. " * 8]

# Characters of one, two, three and four UTF-8 bytes, and a combining accent.
MULTIBYTE = ["é", "—", "“", "😀", "\u0301", "ß", "中"]
TRIGGER_CASES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def body_and_spans(draw):
    body = draw(st.sampled_from(BODIES))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.sampled_from(MULTIBYTE)) + body[at:]
    count = draw(st.sampled_from([1, 3, 64, 65, 150]))  # both sides of the trigger's switch
    spans = []
    for _ in range(count):
        start = draw(st.integers(0, len(body) - 1))
        end = draw(st.integers(start + 1, min(len(body), start + 80)))
        spans.append((start, end, body[start:end]))
    return body, spans


@st.composite
def spoilt(draw, spans, body):
    """One span made wrong in one of the ways a writer could get it wrong, or none."""
    how = draw(st.sampled_from(["none", "shift", "text", "past_end", "byte_offsets"]))
    if how == "none":
        return spans, False
    index = draw(st.integers(0, len(spans) - 1))
    start, end, text = spans[index]
    if how == "shift":
        start, end = (start + 1, end + 1) if end < len(body) else (start - 1, end - 1)
        if start < 0 or body[start:end] == text:
            return spans, False
    elif how == "text":
        text = text[:-1] + ("x" if text[-1] != "x" else "y")
    elif how == "past_end":
        end, text = len(body) + 1, body[start:] + " "
    else:  # offsets counted in UTF-8 bytes instead of characters
        start = len(body[:start].encode())
        end = start + (end - spans[index][0])
        if start >= len(body) or end > len(body) or body[start:end] == text:
            return spans, False
    if any((start, end) == (s, e) for s, e, _ in spans):
        return spans, False  # the same place as another span: the unique key's refusal, not the trigger's
    return [*spans[:index], (start, end, text), *spans[index + 1:]], True


def _distinct(spans):
    return list({(start, end): (start, end, text) for start, end, text in spans}.values())


@TRIGGER_CASES
@given(data=st.data(), case=body_and_spans())
def test_inserted_spans_are_refused_exactly_when_one_is_wrong(db, data, case):
    body, spans = case
    spans, wrong = data.draw(spoilt(_distinct(spans), body))
    with transaction.atomic():
        article = ArticleFactory(body=body)
        rows = [Claim(article=article, start=start, end=end, text=text) for start, end, text in spans]
        if wrong:
            with pytest.raises(IntegrityError, match="does not match the body"), transaction.atomic():
                Claim.objects.bulk_create(rows)
        else:
            Claim.objects.bulk_create(rows)
            assert Claim.objects.filter(article=article).count() == len(spans)
        transaction.set_rollback(True)


@TRIGGER_CASES
@given(data=st.data(), case=body_and_spans())
def test_updated_spans_and_a_changed_body_are_checked_too(db, data, case):
    body, spans = case
    spans = _distinct(spans)
    with transaction.atomic():
        article = ArticleFactory(body=body)
        claims = Claim.objects.bulk_create([Claim(article=article, start=s, end=e, text=t) for s, e, t in spans])
        moved, wrong = data.draw(spoilt(spans, body))
        for claim, (start, end, text) in zip(claims, moved):
            claim.start, claim.end, claim.text = start, end, text
        if wrong:
            with pytest.raises(IntegrityError, match="does not match the body"), transaction.atomic():
                Claim.objects.bulk_update(claims, ["start", "end", "text"])
        else:
            Claim.objects.bulk_update(claims, ["start", "end", "text"])
        # A body that keeps every span (text added at the end) is accepted; one that moves them is not.
        article.body = body + " More."
        article.save(update_fields=["body"])
        article.body = "«" + body
        with pytest.raises(IntegrityError, match="no longer matches its claims"), transaction.atomic():
            article.save(update_fields=["body"])
        transaction.set_rollback(True)


def test_a_status_change_does_not_check_spans_again(db):
    """An UPDATE that leaves spans alone is not checked (the trigger looks only at changed spans)."""
    article = ArticleFactory()
    claim = Claim.objects.create(article=article, start=0, end=5, text=article.body[:5])
    with transaction.atomic():
        with connection.cursor() as cursor:  # the body changes behind the trigger's back
            cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers fire
            cursor.execute("UPDATE claims_article SET body = 'x' || body WHERE id = %s", [article.pk])
            cursor.execute("SET LOCAL session_replication_role = origin")
        Claim.objects.filter(pk=claim.pk).update(status="in_review")  # not refused: spans unchanged
        with pytest.raises(IntegrityError, match="does not match the body"), transaction.atomic():
            Claim.objects.filter(pk=claim.pk).update(end=6, text=("x" + article.body)[:6][1:])
        transaction.set_rollback(True)
