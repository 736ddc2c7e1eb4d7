"""The admin's lists under whatever a browser (or anyone) puts in their query string: a page, a
redirect or a 404, never a server error. Keys are the lists' own filter, search, order and page
parameters; values are anything."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


pytestmark = pytest.mark.django_db

LISTS = {
    "admin:claims_claim_changelist": ["status__exact", "rating", "kind__exact", "already_checked", "claimant_id",
                                      "claimant", "language", "assigned", "worthiness", "q", "o", "p", "all",
                                      "_changelist_filters", "e"],
    "admin:claims_article_changelist": ["language__exact", "source__id__exact", "published_at__gte",
                                        "published_at__lt", "q", "o", "p"],
    "admin:claims_claimevent_changelist": ["claim__id__exact", "action__exact", "q", "o", "p"],
    "admin:index": ["q"],
}
VALUE = st.one_of(st.text(max_size=40), st.integers(-10**20, 10**20).map(str),
                  st.sampled_from(["", "-", "0", "1.5", "²", "١", "yes", "mine", "high", "-1.2", "\u2028", "%00"]))


@given(page=st.sampled_from(sorted(LISTS)), data=st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_query_string_is_a_server_error(editor_client, claim, page, data):
    keys = data.draw(st.lists(st.sampled_from(LISTS[page]), max_size=4))
    query = {key: data.draw(VALUE).replace("\x00", "") for key in keys}
    response = editor_client.get(reverse(page), query)
    assert response.status_code in (200, 302, 404), (page, query, response.status_code)
