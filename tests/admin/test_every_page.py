"""Every admin page under strange addresses and query strings, as a superuser (who sees them all): a
page, a redirect, a 400 or a 404, never a server error. Ids that are no ids, filters on every field
with any value, orders and pages out of range, the autocomplete view's parameters."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


pytestmark = pytest.mark.django_db

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
STRANGE = st.one_of(
    st.text(max_size=30), st.integers(-10**20, 10**20).map(str),
    st.sampled_from(["", "0", "-1", "1.5", "²", "١٢", "1e5", "null", "true", "2026-13-45", "%", "_", "\\", "'", "a,b",
                     "9" * 25, "../", "<script>"]),
)
OK = {200, 302, 400, 403, 404}


def _keys(model_admin) -> list[str]:
    """The query string keys the changelist reads: its filters' parameters, and Django's own."""
    keys = ["q", "o", "p", "all", "e", "_to_field", "_popup", "_changelist_filters"]
    for field in model_admin.model._meta.get_fields():
        if getattr(field, "concrete", False):
            keys += [f"{field.name}__exact", f"{field.name}__gte", f"{field.name}__isnull", f"{field.attname}"]
    for entry in model_admin.list_filter:
        name = getattr(entry, "parameter_name", None)
        keys += [name] if name else []
    return keys


@given(index=st.integers(0, len(ADMINS) - 1), data=st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_admin_page_is_a_server_error(superuser_client, claim, index, data):
    model, model_admin = ADMINS[index]
    opts = model._meta
    page = data.draw(st.sampled_from(["changelist", "add", "change", "history", "delete", "autocomplete",
                                      "post_add", "post_change"]))
    if page == "changelist":
        keys = data.draw(st.lists(st.sampled_from(_keys(model_admin)), max_size=3))
        url, query = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {
            key: data.draw(STRANGE) for key in keys}
    elif page == "autocomplete":
        url, query = reverse("admin:autocomplete"), {
            "app_label": data.draw(st.sampled_from([opts.app_label, "claims", "nope", ""])),
            "model_name": data.draw(st.sampled_from([opts.model_name, "claim", "nope"])),
            "field_name": data.draw(st.sampled_from(["article", "claimant", "source", "nope", ""])),
            "term": data.draw(STRANGE), "page": data.draw(STRANGE)}
    elif page in ("post_add", "post_change"):
        existing = model._default_manager.order_by("pk").first()
        if page == "post_change" and existing is None:
            return
        fields = [field.name for field in opts.get_fields() if getattr(field, "concrete", False)] + ["version"]
        form = {name: data.draw(STRANGE).replace("\x00", "") for name in data.draw(st.lists(st.sampled_from(fields)))}
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add") if page == "post_add" else reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[existing.pk])
        response = superuser_client.post(url, form)
        assert response.status_code in OK, (opts.label, page, form, response.status_code)
        return
    elif page == "add":
        url, query = reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {
            key: data.draw(STRANGE) for key in data.draw(st.lists(st.sampled_from(_keys(model_admin)), max_size=3))}
    else:
        object_id = quote(data.draw(STRANGE).replace("\x00", ""), safe="") or "0"
        url, query = f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}{object_id}/{page}/", {}
    query = {key: value.replace("\x00", "") for key, value in query.items()}
    response = superuser_client.get(url, query)
    assert response.status_code in OK, (url, query, response.status_code)


def test_a_rating_mapping_takes_a_rating_of_the_scale_or_none(superuser_client):
    from factchecks.models import RatingMapping

    add = reverse("admin:factchecks_ratingmapping_add")
    refused = superuser_client.post(add, {"label": "a label of our own", "rating": "no-such-rating"})
    assert refused.status_code == 200 and "rating" in refused.context["adminform"].form.errors
    saved = superuser_client.post(add, {"label": "a label of our own", "rating": "false"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert superuser_client.post(add, {"label": "another label of ours", "rating": ""}).status_code == 302
    ours = RatingMapping.objects.filter(label__in=["a label of our own", "another label of ours"])
    assert dict(ours.values_list("label", "rating")) == {"a label of our own": "false", "another label of ours": None}


def test_the_rating_mapping_list_reads_the_scale_once_whatever_its_length(superuser_client,
                                                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factchecks.models import RatingMapping

    url = reverse("admin:factchecks_ratingmapping_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert superuser_client.get(url).status_code == 200
        return len(captured)

    superuser_client.get(url)  # warms the caches
    few = queries()
    RatingMapping.objects.bulk_create(RatingMapping(label=f"label {n}", rating="false") for n in range(30))
    assert queries() == few
