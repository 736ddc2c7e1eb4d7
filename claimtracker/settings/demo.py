"""Local demo mode: the README's run command. Embedded PostgreSQL, DEBUG on, demo accounts."""

import secrets

from .base import *  # noqa: F403
from .base import LOCAL_DIR, database_settings, env, env_bool, env_list


def _local_secret_key() -> str:
    # Generated once per checkout and kept in the git-ignored .local/ folder: no secret in the repo.
    path = LOCAL_DIR / "secret_key"
    if not path.exists():
        LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
DATABASES = {"default": database_settings(allow_local_server=True)}
CLAIMTRACKER_DEMO_MODE = True
# Webhook endpoints may be local receivers (127.0.0.1) in the demo.
CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = env_bool("CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE", True)
