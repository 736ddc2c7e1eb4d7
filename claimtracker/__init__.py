"""ClaimTracker: the Django project. The Celery app is loaded with Django so that tasks find it."""

from claimtracker.celery import app as celery_app

__all__ = ["celery_app"]
