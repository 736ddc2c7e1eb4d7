import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import ArticleFactory, ClaimFactory

SCRIPT_BODY = (
    "Intro sentence here. <script>alert('x')</script> Crime fell 20% last year, the mayor said. "
    "Nobody disputes <b>that</b>. A fourth sentence. A fifth one."
)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def other_reviewer_client(other_reviewer):
    return _client_for(other_reviewer)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("sam-super", "sam@example.org", "a-long-test-password")


@pytest.fixture
def superuser_client(superuser):
    return _client_for(superuser)


@pytest.fixture
def script_claim(db):
    """A claim in an article whose body and title carry markup."""
    article = ArticleFactory(title="<i>Title</i> with <script>alert(1)</script>", body=SCRIPT_BODY)
    start = SCRIPT_BODY.index("Crime")
    return ClaimFactory(article=article, start=start, end=SCRIPT_BODY.index("said.") + 5)
