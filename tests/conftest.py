import pytest

from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="rita-reviewer")


@pytest.fixture
def other_reviewer(db):
    return ReviewerFactory(username="omar-reviewer")


@pytest.fixture
def editor(db):
    return EditorFactory(username="eddie-editor")


@pytest.fixture
def other_editor(db):
    return EditorFactory(username="erin-editor")


@pytest.fixture
def claim(db):
    return ClaimFactory()
