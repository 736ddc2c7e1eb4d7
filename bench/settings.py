"""The production settings as the benchmark serves them: DEBUG off, plain HTTP on 127.0.0.1.

Only what a local load test needs differs from production: no TLS redirect, a fixed secret key,
API throttling rates high enough not to answer 429 to the load generator, and no re-scoring. Without
DATABASE_URL the embedded PostgreSQL is used, as in the demo and the tests.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CLAIMTRACKER_API_ANON_RATE", "100000000/min")
os.environ.setdefault("CLAIMTRACKER_API_USER_RATE", "100000000/min")
# The figures are ingest's and the API's: re-scoring with the precise model runs on Celery workers
# in production, not in the processes measured (its speed: `--only scoring`).
os.environ.setdefault("CLAIMTRACKER_RESCORE", "off")

from claimtracker.settings.base import database_settings  # noqa: E402
from claimtracker.settings.production import *  # noqa: E402,F403

DATABASES = {"default": database_settings(allow_local_server=True)}
SECURE_HSTS_SECONDS = 0
