import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.models import Rating, Source, Stance
from claims.review import workflow
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory

SUMMARY = "The UNODC survey says otherwise."
EVIDENCE = [
    {"url": "https://www.unodc.org/coca-survey-2024", "title": "UNODC coca survey",
     "excerpt": "Peru and Bolivia together grow less coca than Colombia.", "stance": Stance.SUPPORTS},
    {"url": "https://data.example/exports", "title": "", "excerpt": "", "stance": Stance.REFUTES},
]
_ARTICLE_NUMBERS = itertools.count()
TOPICS = ["Coca exports", "Inflation", "Unemployment", "Rice harvests", "Tax receipts", "Rail traffic"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The language list of the filters is cached; each test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish(reviewer, editor):
    """publish(claim, rating=..., summary=...): rated by a reviewer, published by an editor (four eyes)."""
    def publish_claim(claim=None, *, rating=Rating.FALSE, summary=SUMMARY, evidence=EVIDENCE):
        claim = claim or ClaimFactory()
        workflow.claim_rate(claim=claim, actor=reviewer, rating=rating, summary=summary, evidence=evidence)
        return workflow.claim_publish(claim=claim, actor=editor)
    return publish_claim


@pytest.fixture
def correct(reviewer, editor):
    """correct(claim, rating=..., summary=...): reopened, re-rated and published again."""
    def correct_claim(claim, *, rating=Rating.MOSTLY_TRUE, summary="Corrected: new figures from the ministry."):
        workflow.claim_reopen(claim=claim, actor=editor, note="New figures")
        workflow.claim_rate(claim=claim, actor=reviewer, rating=rating, summary=summary, evidence=EVIDENCE[:1])
        return workflow.claim_publish(claim=claim, actor=editor)
    return correct_claim


@pytest.fixture
def newsroom(publish, reviewer):
    """Published fact-checks of several claimants in two outlets and languages, plus claims that are
    not published (reviewed, in review, unreviewed, dismissed)."""
    def build(published=6, claimants=3):
        people = [ClaimantFactory(name=f"Senator {name}") for name in ("Ada Smith", "Bo Jones", "Cy Park",
                                                                       "Di Lowe", "Ed Marsh")[:claimants]]
        outlets = [Source.objects.get_or_create(name=name)[0] for name in ("Daily Ledger", "El Diario")]
        ratings = [Rating.FALSE, Rating.TRUE, Rating.MIXED, Rating.MOSTLY_FALSE]
        claims = []
        for number in range(published):
            language = "es" if number % 3 == 2 else "en"
            topic = TOPICS[number % len(TOPICS)]
            article = ArticleFactory(source=outlets[number % 2], language=language, title_language=language,
                                     body=f"{topic} rose {number + 3}% in 2024. Officials expect more next year.",
                                     url=f"https://news.example/{next(_ARTICLE_NUMBERS)}",
                                     published_at=timezone.now() - timedelta(days=30 - number))
            claims.append(publish(ClaimFactory(article=article, claimant=people[number % claimants]),
                                  rating=ratings[number % len(ratings)]))
        hidden = ClaimFactory(claimant=people[0], article=ArticleFactory(
            source=outlets[0], body="Unpublished wombats doubled in 2024. Nobody checked."))
        workflow.claim_rate(claim=hidden, actor=reviewer, rating=Rating.FALSE, summary="Not yet published.")
        ClaimFactory(claimant=people[0])
        dismissed = ClaimFactory(claimant=people[0])
        workflow.claim_dismiss(claim=dismissed, actor=reviewer)
        return claims, hidden
    return build
