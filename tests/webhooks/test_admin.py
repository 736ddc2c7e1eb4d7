import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClaimFactory
from tests.webhooks.conftest import SECRET
from webhooks.admin import SecretMessage
from webhooks.models import Delivery, DeliveryStatus, Endpoint, WebhookEvent

pytestmark = pytest.mark.django_db

ADD = reverse("admin:webhooks_endpoint_add")
DELIVERIES = reverse("admin:webhooks_delivery_changelist")


def endpoint_form(**changes) -> dict:
    return {"name": "Partner desk", "url": "http://127.0.0.1:9/hooks", "secret": SECRET,
            "events": ["published", "corrected"], "active": "on", **changes}


def test_an_editor_registers_an_endpoint_and_the_secret_is_never_shown_back(client, editor):
    client.force_login(editor)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, endpoint_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    endpoint = Endpoint.objects.get()
    assert (endpoint.secret, endpoint.created_by, endpoint.events) == (SECRET, editor, ["published", "corrected"])

    change = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    page = client.get(change).content.decode()
    assert SECRET not in page
    assert SecretMessage.SET in page
    assert client.get(reverse("admin:webhooks_endpoint_changelist")).status_code == 200

    client.post(change, endpoint_form(secret="", name="Renamed"))  # blank keeps the secret
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("Renamed", SECRET)
    client.post(change, endpoint_form(secret="a-brand-new-secret-value"))
    endpoint.refresh_from_db()
    assert endpoint.secret == "a-brand-new-secret-value"
    assert "a-brand-new-secret-value" not in client.get(change).content.decode()


@pytest.mark.parametrize(("changes", "field"), [
    ({"secret": ""}, "secret"), ({"secret": "short"}, "secret"), ({"url": "ftp://127.0.0.1/"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"), ({"events": []}, "events"), ({"events": ["deleted"]}, "events"),
])
def test_an_endpoint_form_refuses_bad_input(client, editor, changes, field):
    client.force_login(editor)
    response = client.post(ADD, endpoint_form(**changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Endpoint.objects.exists()


def test_an_upper_case_scheme_is_stored_lower_case(client, editor):
    client.force_login(editor)
    client.post(ADD, endpoint_form(url="HTTP://127.0.0.1:9/hooks"))
    assert Endpoint.objects.get().url == "http://127.0.0.1:9/hooks"


def test_reviewers_cannot_manage_endpoints(client, reviewer):
    client.force_login(reviewer)
    assert client.get(ADD).status_code == 403
    assert client.get(DELIVERIES).status_code == 403


def deliveries(count: int, status=DeliveryStatus.FAILED) -> list[Delivery]:
    made = []
    for n in range(count):
        endpoint = Endpoint.objects.create(name=f"Partner {n}", url=f"http://127.0.0.1:9/{n}", secret=SECRET)
        made.append(Delivery.objects.create(
            endpoint=endpoint, claim_id=ClaimFactory().pk, event=WebhookEvent.PUBLISHED, payload={"event": "published"},
            status=status, attempts=1, last_status_code=400, last_error="HTTP 400: no",
            next_attempt_at=timezone.now() if status == DeliveryStatus.PENDING else None))
    return made


def test_the_delivery_log_is_read_only_and_its_queries_do_not_grow_with_rows(client, editor):
    client.force_login(editor)
    deliveries(3)
    with CaptureQueriesContext(connection) as three:
        response = client.get(DELIVERIES, {"status__exact": "failed"})
    assert response.status_code == 200
    assert response.content.decode().count('class="field-status"') == 3
    deliveries(3)
    with CaptureQueriesContext(connection) as six:
        assert client.get(DELIVERIES, {"status__exact": "failed"}).status_code == 200
    assert len(six) == len(three)

    delivery = Delivery.objects.first()
    page = client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get(reverse("admin:webhooks_delivery_add")).status_code == 403
    assert client.post(reverse("admin:webhooks_delivery_delete", args=[delivery.pk])).status_code == 403
    for filtered in ({"event__exact": "corrected"}, {"endpoint__id__exact": delivery.endpoint_id}):
        assert client.get(DELIVERIES, filtered).status_code == 200


def test_retrying_failed_deliveries_sends_them_again(client, editor, endpoint, receiver):
    client.force_login(editor)
    [failed] = deliveries(1)
    Delivery.objects.filter(pk=failed.pk).update(endpoint=endpoint)
    [delivered] = deliveries(1, status=DeliveryStatus.PENDING)
    Delivery.objects.filter(pk=delivered.pk).update(status=DeliveryStatus.DELIVERED, next_attempt_at=None,
                                                    delivered_at=timezone.now())

    response = client.post(DELIVERIES, {"action": "retry_failed", "_selected_action": [failed.pk, delivered.pk]},
                           follow=True)

    assert "1 failed delivery will be sent again." in response.content.decode()
    [request] = receiver.wait_for(1)
    assert request.headers["X-ClaimTracker-Delivery"] == str(failed.pk)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
