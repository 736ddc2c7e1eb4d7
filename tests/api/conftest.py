import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.review import workflow
from claims.models import Rating, Stance
from tests.factories import ClaimFactory, UserFactory

EVIDENCE = [{
    "url": "https://www.unodc.org/coca-survey-2024",
    "title": "UNODC coca survey",
    "excerpt": "Colombia is the largest producer of coca leaf.",
    "stance": Stance.SUPPORTS,
}]


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    """Throttles count requests in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return make


@pytest.fixture
def as_reviewer(client_for, reviewer):
    return client_for(reviewer)


@pytest.fixture
def as_editor(client_for, editor):
    return client_for(editor)


@pytest.fixture
def staff_user(db):
    """Staff without a newsroom role: reads everything, may write nothing."""
    return UserFactory(username="sam-staff", is_staff=True)


@pytest.fixture
def as_staff(client_for, staff_user):
    return client_for(staff_user)


@pytest.fixture
def outsider(db):
    """Signed in, but neither staff nor in a group: reads what the public reads."""
    return UserFactory(username="olga-outsider", is_staff=False)


@pytest.fixture
def as_outsider(client_for, outsider):
    return client_for(outsider)


@pytest.fixture
def rate(reviewer):
    def rate_claim(claim, rating=Rating.FALSE, by=None):
        return workflow.claim_rate(claim=claim, actor=by or reviewer, rating=rating,
                                   summary="The UNODC survey says otherwise.", evidence=EVIDENCE)
    return rate_claim


@pytest.fixture
def publish(rate, editor):
    def publish_claim(claim, rating=Rating.FALSE):
        rate(claim, rating)
        return workflow.claim_publish(claim=claim, actor=editor)
    return publish_claim


@pytest.fixture
def published_claim(publish):
    return publish(ClaimFactory())
