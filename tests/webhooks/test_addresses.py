import pytest
from django.core.exceptions import ValidationError

from tests.webhooks.conftest import SECRET
from webhooks.addresses import UrlMessage, validate_endpoint_url
from webhooks.models import Delivery, DeliveryStatus, Endpoint

PRIVATE = [
    "http://127.0.0.1:8000/hooks", "http://localhost/hooks", "http://10.1.2.3/", "http://192.168.0.10/",
    "http://172.16.5.4/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://[fd00::1]/",
]


@pytest.mark.parametrize("url", ["ftp://93.184.215.14/", "javascript:alert(1)", "file:///etc/passwd",
                                 "//93.184.215.14/", "93.184.215.14/hooks", "http://", "https://" + "a" * 2000])
def test_only_http_and_https_urls_are_endpoints(url):
    with pytest.raises(ValidationError):
        validate_endpoint_url(url)


def test_a_url_with_credentials_is_refused():
    with pytest.raises(ValidationError, match=UrlMessage.CREDENTIALS):
        validate_endpoint_url("https://user:password@93.184.215.14/hooks")


@pytest.mark.parametrize("url", PRIVATE)
def test_private_addresses_are_refused_in_production(url, settings):
    settings.CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        validate_endpoint_url(url)
    assert "private or reserved" in str(refused.value)


def test_public_addresses_and_allowed_private_ones_pass(settings):
    settings.CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = False
    validate_endpoint_url("https://93.184.215.14/hooks?x=1")
    settings.CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = True
    validate_endpoint_url("http://127.0.0.1:8000/hooks")


@pytest.mark.django_db
def test_an_endpoint_saved_before_the_rule_is_not_sent_to(claim, receiver, publish, settings):
    Endpoint.objects.create(name="Local", url=f"{receiver.url}/hooks", secret=SECRET)
    settings.CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = False
    publish(claim)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, None)
    assert "private or reserved" in delivery.last_error
    assert receiver.requests == []


@pytest.mark.django_db
def test_the_database_refuses_other_schemes_and_unknown_events():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Endpoint.objects.create(name="x", url="ftp://example.org/", secret=SECRET)
    with pytest.raises(IntegrityError), transaction.atomic():
        Endpoint.objects.create(name="x", url="https://example.org/", secret=SECRET, events=["deleted"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Endpoint.objects.create(name="x", url="https://example.org/", secret=SECRET, events=[])


def test_an_endpoints_repr_has_no_secret():
    assert SECRET not in repr(Endpoint(pk=1, name="Partner", url="https://example.org/", secret=SECRET))
