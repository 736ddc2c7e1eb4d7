"""Editors register partners' endpoints (the secret write-only) and read the delivery log."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from claims.admin.history import ReadOnlyAdmin
from webhooks.delivery import deliveries_retry
from webhooks.jobs import send_soon
from webhooks.models import Delivery, Endpoint, WebhookEvent


class SecretMessage:
    NEW = "Share it with the partner: it signs every request (HMAC-SHA256). At least 16 characters."
    SET = "A secret is set and is not shown. Leave this blank to keep it, or type a new one to replace it."
    REQUIRED = "An endpoint needs a secret."


class EndpointForm(forms.ModelForm):
    # Write-only: never rendered with its value, blank on change keeps the stored one.
    secret = forms.CharField(required=False, strip=False, widget=forms.PasswordInput(render_value=False))
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple,
                                       initial=WebhookEvent.values)

    class Meta:
        model = Endpoint
        fields = ["name", "url", "secret", "events", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        has_secret = bool(self.instance.pk and self.instance.secret)
        self.fields["secret"].help_text = SecretMessage.SET if has_secret else SecretMessage.NEW
        self.fields["secret"].widget.attrs["autocomplete"] = "new-password"

    def clean_secret(self) -> str:
        """The secret to store: the one typed, or the stored one when left blank on change."""
        secret = self.cleaned_data.get("secret") or ""
        if secret:
            return secret
        if self.instance.pk and self.instance.secret:
            return self.instance.secret
        raise forms.ValidationError(SecretMessage.REQUIRED, code="required")


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    fields = ["name", "url", "secret", "events", "active", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    list_display = ["name", "url", "active", "subscribed_to", "created_by", "created_at"]
    list_select_related = ["created_by"]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    @admin.display(description="events")
    def subscribed_to(self, endpoint: Endpoint) -> str:
        labels = dict(WebhookEvent.choices)
        return ", ".join(labels.get(event, event) for event in endpoint.events)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """The log, written by the senders only; failed deliveries can be sent again."""

    list_display = ["id", "created_at", "endpoint", "claim", "event", "status", "attempts", "last_status_code",
                    "next_attempt_at", "delivered_at"]
    list_display_links = ["id", "created_at"]
    list_select_related = ["endpoint"]
    list_filter = ["status", "event", "endpoint"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    actions = ["retry_failed"]
    fields = ["endpoint", "claim", "event", "status", "attempts", "last_status_code", "last_error",
              "next_attempt_at", "created_at", "delivered_at", "body"]
    readonly_fields = fields

    @admin.display(description="claim", ordering="claim_id")
    def claim(self, delivery: Delivery):
        return format_html('<a href="{}">#{}</a>', reverse("admin:claims_claim_change", args=[delivery.claim_id]),
                           delivery.claim_id)

    @admin.display(description="payload")
    def body(self, delivery: Delivery):
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2, ensure_ascii=False))

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.retry_delivery")

    @admin.action(description="Retry the selected failed deliveries", permissions=["retry"])
    def retry_failed(self, request, queryset):
        delivery_ids = deliveries_retry(queryset)
        send_soon(delivery_ids)
        if delivery_ids:
            self.message_user(request, ngettext("%d failed delivery will be sent again.",
                                                "%d failed deliveries will be sent again.",
                                                len(delivery_ids)) % len(delivery_ids), messages.SUCCESS)
        else:
            self.message_user(request, "None of the selected deliveries had failed.", messages.WARNING)
