import importlib

import pytest
from django.contrib.auth.models import Group, Permission

from claims.models import RatingLevel
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory

REVIEW_GROUPS = importlib.import_module("claims.migrations.0004_review_groups").GROUPS
RATING_SCALE = importlib.import_module("claims.migrations.0008_rating_scale")


def database_flushed(request) -> bool:
    """Whether the test is transactional (live_server too): pytest-django flushes the database after it."""
    marker = request.node.get_closest_marker("django_db")
    return bool((marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & set(request.fixturenames)))


@pytest.fixture(autouse=True)
def _review_groups_after_flush(request):
    """Transactional tests flush the database, and the groups of migration 0004 and the rating scale of
    0008 with it: put them back."""
    if not database_flushed(request):
        return
    request.getfixturevalue("transactional_db")
    for name, codenames in REVIEW_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames + RATING_SCALE.GRANTS[name]))
    for slug, label, value, description in RATING_SCALE.STARTING_SCALE:
        RatingLevel.objects.update_or_create(slug=slug, defaults={"label": label, "value": value, "description": description})


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
