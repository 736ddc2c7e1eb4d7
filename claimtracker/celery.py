"""The Celery app: `celery -A claimtracker worker` runs the background jobs (claims.tasks, webhooks.tasks).

Configured from Django's settings (CELERY_*; the broker from CLAIMTRACKER_BROKER_URL).
"""

import os

from celery import Celery


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings.demo")

app = Celery("claimtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["claims", "webhooks"])
