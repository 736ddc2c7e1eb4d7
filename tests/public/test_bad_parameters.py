"""No query string makes a public page fail: a page, a 400 that says what was wrong, or a 404."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.urls import reverse

from claims.review.publication import claimant_path, fact_check_path

pytestmark = pytest.mark.django_db

NAMES = ["q", "rating", "claimant", "language", "date_from", "date_to", "page", "p", "other"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUES = st.one_of(TEXT, st.integers(min_value=-(2**80), max_value=2**80).map(str),
                   st.dates().map(str), st.sampled_from(["true", "false", "en", "0", "", " ", "9999-12-31"]))
QUERIES = st.dictionaries(st.one_of(st.sampled_from(NAMES), TEXT), VALUES, max_size=6)


@pytest.fixture
def paths(newsroom):
    claims, _ = newsroom(published=2, claimants=2)
    return [reverse("public:index"), fact_check_path(claims[0]), claimant_path(claims[0].claimant),
            reverse("public:corrections"), reverse("public:feed"), reverse("public:sitemap")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, which=st.integers(min_value=0, max_value=5))
def test_random_query_strings_never_fail_a_page(client, paths, query, which):
    response = client.get(paths[which], query)
    assert response.status_code in (200, 400, 404), (paths[which], query, response.status_code)
    if which == 0 and set(query) <= {"page", "other", "p"}:
        assert response.status_code == 200
