import datetime as dt

import pytest
from django.utils import timezone

import matching
from factchecks.models import FactCheck, Publisher
from tests.admin.conftest import reviewer_client  # noqa: F401 -- fixtures of the admin's and the API's tests
from tests.api.conftest import anon, as_reviewer, client_for  # noqa: F401

# (claim reviewed, title, textual rating, rating on our scale, language, publisher, site)
FACT_CHECKS = [
    ("Colombia is the world's largest producer of coca.", "Is Colombia the top coca producer?", "True", "true",
     "en", "Snopes", "snopes.com"),
    ("Exports rose 12% in 2024.", "Did exports really rise 12% in 2024?", "Pants on Fire", "false",
     "en", "PolitiFact", "politifact.com"),
    ("Drinking hot water every fifteen minutes kills the coronavirus.", "Hot water and COVID-19", "False", "false",
     "en", "Snopes", "snopes.com"),
    ("De regering heeft de belastingen vorig jaar met tien procent verhoogd.", "", "Onwaar", None,
     "nl", "Nu.nl", "nu.nl"),
]


@pytest.fixture
def fact_checks(db):
    rows = []
    for i, (claim, title, textual, rating, language, name, site) in enumerate(FACT_CHECKS):
        publisher, _ = Publisher.objects.get_or_create(site=site, defaults={"name": name})
        rows.append(FactCheck.objects.create(
            key=f"https://www.{site}/fact-check/{i}/", url=f"https://www.{site}/fact-check/{i}/", publisher=publisher,
            title=title, claim_reviewed=claim, textual_rating=textual, rating=rating, language=language,
            source="test", review_date=timezone.make_aware(dt.datetime(2019, 6, 1 + i))))
    matching.index_factchecks()
    return rows


@pytest.fixture
def stored_match():
    """Store a match as the service would (fresh: not recomputed when read)."""
    from claims.models import ClaimMatch, ClaimMatchRun
    from claims.review.matches import matcher_version

    def store(claim, *, fact_check=None, published_claim=None, score=0.9, rank=None):
        version, now = matcher_version(), timezone.now()
        rank = rank or ClaimMatch.objects.filter(claim=claim).count() + 1
        match = ClaimMatch.objects.create(claim=claim, fact_check=fact_check, published_claim=published_claim,
                                          score=score, rank=rank, matcher=version, computed_at=now)
        ClaimMatchRun.objects.update_or_create(claim=claim, defaults={"matcher": version, "computed_at": now,
                                                                      "found": rank})
        return match
    return store
