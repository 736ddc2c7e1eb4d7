import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.models import RatingLevel
from factchecks.models import RatingMapping
from tests.conftest import database_flushed

FACTCHECK_GRANTS = importlib.import_module("factchecks.migrations.0002_rating_mappings_and_groups")


@pytest.fixture(autouse=True)
def _factchecks_after_flush(request):
    """Transactional tests (live_server) flush the database: put back migration 0002's grants and
    mappings, as tests/conftest.py does for the claims app's. Throttles start afresh for each test."""
    cache.clear()
    if not database_flushed(request):
        return
    request.getfixturevalue("transactional_db")
    request.getfixturevalue("_review_groups_after_flush")
    for name, codenames in FACTCHECK_GRANTS.GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="factchecks", codename__in=codenames))
    on_scale = set(RatingLevel.objects.values_list("slug", flat=True))
    for label, slugs in FACTCHECK_GRANTS.STARTING_MAPPINGS.items():
        rating = next((slug for slug in slugs if slug in on_scale), None)
        RatingMapping.objects.get_or_create(label=label, defaults={"rating": rating})


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def client_of():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return make
