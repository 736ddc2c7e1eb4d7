"""Settings for the test suite: the same PostgreSQL set-up as the demo, fast password hashing."""

from .base import *  # noqa: F403
from .base import database_settings, env, env_bool

SECRET_KEY = env("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {"default": database_settings(allow_local_server=True)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sign-in limiting is off for the suite (client.login() has no request); its tests turn it on.
AXES_ENABLED = env_bool("AXES_ENABLED", False)
# Re-scoring runs in the commit that stored the claims: deterministic, no thread racing a test.
CLAIMTRACKER_RESCORE = env("CLAIMTRACKER_RESCORE", "inline")
CLAIMTRACKER_MATCH = env("CLAIMTRACKER_MATCH", "inline")  # matches too
# Webhooks: the first attempt in the publishing commit; receivers are local servers (127.0.0.1).
CLAIMTRACKER_WEBHOOKS = env("CLAIMTRACKER_WEBHOOKS", "inline")
CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = env_bool("CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE", True)
