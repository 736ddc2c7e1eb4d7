import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings, strategies as st

import matching
from factchecks.models import FactCheck, Publisher

pytestmark = pytest.mark.django_db

CLAIMS = [
    ("122 detainees released from Guantanamo Bay under President Obama have re-engaged in terrorist activities.",
     "Did 122 Prisoners Released from Guantanamo by President Obama Return to the Battlefield?", "en", "snopes.com"),
    ("The Eiffel Tower grows about 15 centimetres taller in summer because the iron expands.", "", "en", "fullfact.org"),
    ("Drinking hot water every fifteen minutes kills the coronavirus.", "Hot water and COVID-19", "en", "snopes.com"),
    ("De regering heeft de belastingen vorig jaar met tien procent verhoogd.", "", "nl", "nu.nl"),
    ("政府去年把税收提高了百分之十。", "", "zh", "factcheck.cn"),
]


@pytest.fixture
def fact_checks(db):
    rows = []
    for i, (claim, title, language, site) in enumerate(CLAIMS):
        publisher, _ = Publisher.objects.get_or_create(site=site, defaults={"name": site})
        rows.append(FactCheck.objects.create(
            key=f"https://{site}/check-{i}", url=f"https://{site}/check-{i}", publisher=publisher, title=title,
            claim_reviewed=claim, language=language, source="test",
            review_date=timezone.now() - dt.timedelta(days=400 if i == 0 else 10)))
    assert matching.index_factchecks() == len(rows)
    return rows


def test_a_paraphrase_finds_its_fact_check_first(fact_checks):
    hits = matching.search("Obama let Gitmo prisoners go and they went back to terrorism")
    assert hits and hits[0].fact_check == fact_checks[0]
    assert 0.0 <= hits[-1].score <= hits[0].score <= 1.0


def test_filters_are_respected(fact_checks):
    query = "Obama let Gitmo prisoners go and they went back to terrorism"
    assert all(h.fact_check.publisher.site == "fullfact.org" for h in matching.search(query, publisher_site="fullfact.org"))
    assert all(h.fact_check.language == "nl" for h in matching.search(query, language="nl"))
    recent = matching.search(query, max_age_days=30)
    assert fact_checks[0] not in [h.fact_check for h in recent]
    assert fact_checks[0] in [h.fact_check for h in matching.search(query, max_age_days=500)]


def test_offset_and_limit_page_the_same_ranking(fact_checks):
    everything = matching.search("taxes coronavirus tower prisoners", limit=10)
    assert matching.search("taxes coronavirus tower prisoners", offset=1, limit=2) == everything[1:3]


def test_index_factchecks_is_idempotent(fact_checks):
    assert matching.index_factchecks() == 0
    assert matching.index_factchecks([fc.id for fc in fact_checks]) == 0
    fact_checks[1].claim_reviewed = "The Eiffel Tower shrinks in winter."
    fact_checks[1].save()
    assert matching.index_factchecks([fc.id for fc in fact_checks]) == 1


@pytest.mark.parametrize("text,language", [
    ("De regering verhoogde vorig jaar de belastingen met tien procent", "nl"),
    ("政府去年提高了税收", "zh"),
    ("政府去年提高了税收", None),
])
def test_claims_in_other_languages_get_results_or_none(fact_checks, text, language):
    [hits] = matching.matches_for_texts([text], [language])
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert matching.search(text, language=language) is not None


def test_empty_queries_give_nothing(fact_checks):
    assert matching.search("") == []
    assert matching.search("   \n") == []
    assert matching.matches_for_texts(["", "Obama released Guantanamo prisoners"], [None, "en"])[0] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_no_text_raises(fact_checks, text):
    hits = matching.search(text, limit=3)
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    matching.matches_for_texts([text, text + "\ud800"], ["en", "zz"], limit=2)


def _published_claim(body: str):
    from django.utils import timezone

    from claims.models import Claim
    from tests.factories import ArticleFactory, ClaimFactory

    claim = ClaimFactory(article=ArticleFactory(body=body))
    Claim.objects.filter(pk=claim.pk).update(status="published", first_published_at=timezone.now())
    return Claim.objects.get(pk=claim.pk)


def test_published_claims_are_found_and_can_be_excluded(fact_checks):
    claim = _published_claim("Wind turbines kill more birds every year than cats do. More text follows.")
    assert matching.index_claims([claim.id]) == 1
    assert matching.index_claims([claim.id]) == 0
    hits = matching.search("turbines kill more birds than cats")
    assert hits[0].claim == claim and hits[0].fact_check is None
    [found] = matching.matches_for_texts(["Wind farms kill more birds than cats"], ["en"], exclude_claim_ids=[claim.id])
    assert claim not in [h.claim for h in found]
    assert all(h.claim is None for h in matching.search("turbines kill more birds than cats", publisher_site="snopes.com"))


def test_a_published_claim_without_a_vector_is_still_found_by_its_words(fact_checks):
    claim = _published_claim("Wind turbines kill more birds every year than cats do. More text follows.")
    assert claim in [h.claim for h in matching.search("wind turbines birds cats")]
