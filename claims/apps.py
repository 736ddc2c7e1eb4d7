from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims and verification"

    def ready(self):
        from claims.review.matches import on_fact_check_published
        from claims.review.signals import fact_check_published

        # A newly published claim is a match for others: index it, match the claims most like it again.
        fact_check_published.connect(on_fact_check_published, dispatch_uid="claims.matches.on_fact_check_published")
