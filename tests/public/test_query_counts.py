"""Every public page runs the same few queries whatever the number of fact-checks, claimants,
evidence items or corrections."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Rating
from claims.review.publication import claimant_path, fact_check_path

pytestmark = pytest.mark.django_db

# Measured (README figures): the list's validators (its last change and its size: two index-only
# reads) or a fact-check's, the rating scale, the language list (cached), a COUNT (none for the whole
# list, whose size is known) and a page; a fact-check adds its publications and evidence.
MAX_QUERIES = {"index": 6, "search": 7, "fact-check": 6, "claimant": 4, "corrections": 3,
               "feed": 2, "corrections-feed": 2, "sitemap": 5, "robots": 0}


def pages(claims) -> dict[str, str]:
    first = claims[0]
    return {
        "index": reverse("public:index"),
        "search": reverse("public:index") + f"?q=rose&rating={first.rating}&language={first.article.language}&claimant={first.claimant_id}"
                                            "&date_from=2020-01-01&date_to=2100-01-01",
        "fact-check": fact_check_path(first), "claimant": claimant_path(first.claimant),
        "corrections": reverse("public:corrections"), "feed": reverse("public:feed"),
        "corrections-feed": reverse("public:corrections-feed"), "sitemap": reverse("public:sitemap"),
        "robots": reverse("public:robots"),
    }


def counts(client, claims) -> dict[str, int]:
    result = {}
    for name, path in pages(claims).items():
        cache.clear()  # the worst case: the filters' language list read again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        result[name] = len(queries)
    return result


def test_query_counts_do_not_grow_with_the_data(client, newsroom, correct, publish, django_assert_max_num_queries):
    claims, _ = newsroom(published=3, claimants=2)
    correct(claims[0])
    claims[0].refresh_from_db()
    few = counts(client, claims)

    more, _ = newsroom(published=12, claimants=5)
    for claim in more[:4]:
        correct(claim)
    correct(claims[0], rating=Rating.TRUE)  # a second correction of the same fact-check
    many = counts(client, claims)
    assert many == few
    for name, path in pages(claims).items():
        cache.clear()
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            client.get(path)
    print(many)  # the figures the report quotes (pytest -s)
