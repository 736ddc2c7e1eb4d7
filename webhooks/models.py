"""Partners' webhook endpoints and the log of what was sent to them.

An editor registers an `Endpoint` (URL, secret, events); each published or corrected fact-check
makes one `Delivery` per active endpoint subscribed to that event, which `webhooks.delivery`
sends and retries. The secret signs each body (HMAC-SHA256) and is never shown back.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q

from webhooks.addresses import URL_MAX_LENGTH, validate_endpoint_url

SECRET_MIN_LENGTH = 16
SECRET_MAX_LENGTH = 200
ERROR_MAX_LENGTH = 1000


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", "Fact-check published"
    CORRECTED = "corrected", "Fact-check corrected"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


def _default_events() -> list[str]:
    return list(WebhookEvent.values)


class EndpointQuerySet(models.QuerySet):
    def subscribed(self, event: str):
        return self.filter(active=True, events__contains=[event])


class Endpoint(models.Model):
    name = models.CharField(max_length=200)
    url = models.CharField("URL", max_length=URL_MAX_LENGTH, validators=[validate_endpoint_url],
                           help_text="Where each event is POSTed (http or https).")
    secret = models.CharField(max_length=SECRET_MAX_LENGTH, validators=[MinLengthValidator(SECRET_MIN_LENGTH)],
                              help_text="Signs every request (HMAC-SHA256); share it with the partner.")
    active = models.BooleanField(default=True)
    events = ArrayField(models.CharField(max_length=20, choices=WebhookEvent.choices), default=_default_events)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        constraints = [
            models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="webhooks_endpoint_url_http"),
            models.CheckConstraint(condition=Q(events__contained_by=WebhookEvent.values) & ~Q(events=[]),
                                   name="webhooks_endpoint_events_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        scheme, sep, rest = self.url.partition("://")
        if sep:
            self.url = scheme.lower() + sep + rest  # the database's check reads a lower-case scheme

    def __repr__(self) -> str:  # never the secret
        return f"<Endpoint {self.pk} {self.name!r}>"


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries", editable=False)
    # The log outlives the claim (a deleted claim keeps what was sent about it): an id, no foreign key.
    claim_id = models.BigIntegerField("claim", editable=False)
    event = models.CharField(max_length=20, choices=WebhookEvent.choices, editable=False)
    payload = models.JSONField(encoder=DjangoJSONEncoder, editable=False)
    attempts = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING,
                              editable=False)
    last_status_code = models.PositiveSmallIntegerField("last HTTP status", null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ("-created_at", "-id")
        permissions = [("retry_delivery", "Can retry failed deliveries")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status=DeliveryStatus.PENDING),
                         name="webhooks_delivery_due"),
            models.Index(fields=["-created_at", "-id"], name="webhooks_delivery_newest"),
            models.Index(fields=["claim_id"], name="webhooks_delivery_claim"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhooks_delivery_status_valid"),
            models.CheckConstraint(condition=Q(event__in=WebhookEvent.values), name="webhooks_delivery_event_valid"),
            # pending deliveries have a due time; only delivered ones a delivery time
            models.CheckConstraint(condition=~Q(status=DeliveryStatus.PENDING) | Q(next_attempt_at__isnull=False),
                                   name="webhooks_delivery_pending_due"),
            models.CheckConstraint(
                condition=Q(status=DeliveryStatus.DELIVERED, delivered_at__isnull=False)
                | (~Q(status=DeliveryStatus.DELIVERED) & Q(delivered_at__isnull=True)),
                name="webhooks_delivery_delivered_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} #{self.claim_id} to {self.endpoint_id} ({self.status})"
