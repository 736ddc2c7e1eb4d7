from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from claims.review.signals import fact_check_published
        from webhooks.jobs import on_fact_check_published

        fact_check_published.connect(on_fact_check_published, dispatch_uid="webhooks.on_fact_check_published")
