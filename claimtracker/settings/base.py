"""Settings shared by every mode; each mode module (demo, test, production) imports from here.

Configuration comes from the environment. Only the demo and test modes have defaults for secrets.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCAL_DIR = BASE_DIR / ".local"  # git-ignored: embedded PostgreSQL data, the demo secret key


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _statement_timeout_ms() -> int:
    timeout = env("CLAIMTRACKER_STATEMENT_TIMEOUT_MS", "0")
    if not timeout.isdigit():
        raise ImproperlyConfigured(f"CLAIMTRACKER_STATEMENT_TIMEOUT_MS must be milliseconds, not {timeout!r}.")
    return int(timeout)


# 0 (commands): unbounded. Processes that serve requests set it (claimtracker.serving).
CLAIMTRACKER_STATEMENT_TIMEOUT_MS = _statement_timeout_ms()


def _bounded(settings: dict) -> dict:
    """Each statement cut off after CLAIMTRACKER_STATEMENT_TIMEOUT_MS, and the server checking every
    2 s that the client is still there, so that a worker gunicorn killed leaves no query running."""
    if CLAIMTRACKER_STATEMENT_TIMEOUT_MS:
        options = settings.setdefault("OPTIONS", {})
        bounds = f"-c statement_timeout={CLAIMTRACKER_STATEMENT_TIMEOUT_MS} -c client_connection_check_interval=2000"
        options["options"] = f"{options['options']} {bounds}" if options.get("options") else bounds
    return settings


def database_settings(*, allow_local_server: bool) -> dict:
    """DATABASE_URL when set; otherwise the project-local embedded PostgreSQL (demo and tests)."""
    url = env("DATABASE_URL")
    if url:
        return _bounded(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    if not allow_local_server:
        raise ImproperlyConfigured("DATABASE_URL must be set in production.")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        from claimtracker.local_postgres import local_database_settings

        settings = local_database_settings(LOCAL_DIR / "pgdata")
    settings.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    return _bounded(settings)


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before django.contrib.admin: its admin/base_site.html (ClaimTracker's theme) is found first.
    "claims",
    "claimtracker.admin_site.ClaimTrackerAdminConfig",  # django.contrib.admin, its site ClaimTracker's
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django.contrib.sitemaps",
    "public",
    "webhooks",
    "factchecks",
    "matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "claimtracker.middleware.RefuseNulParameters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers locked-out sign-ins
]

# Sign-in attempts are limited (django-axes): after AXES_FAILURE_LIMIT failures for a username from
# one address, that pair is locked out (429) for AXES_COOLOFF_TIME. API tokens are not passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(env("AXES_IPWARE_PROXY_COUNT", "0")) or None  # proxies in front, for the client's IP

ROOT_URLCONF = "claimtracker.urls"
WSGI_APPLICATION = "claimtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- ClaimTracker ---
# A verdict is published by someone other than its author (a second pair of eyes).
# One-person teams can turn this off.
CLAIMTRACKER_REQUIRE_SECOND_REVIEWER = env_bool("CLAIMTRACKER_REQUIRE_SECOND_REVIEWER", True)
# Largest article accepted from a seed file or the API, in bytes of UTF-8.
CLAIMTRACKER_MAX_ARTICLE_BYTES = int(env("CLAIMTRACKER_MAX_ARTICLE_BYTES", str(5 * 1024 * 1024)))
# The largest request body: an article at the limit, every character escaped in JSON (\uXXXX, 6
# bytes), plus its metadata. Larger bodies are answered 413 with the limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * CLAIMTRACKER_MAX_ARTICLE_BYTES + 65536
# The organisation named as author of published ClaimReviews.
CLAIMTRACKER_ORGANIZATION_NAME = env("CLAIMTRACKER_ORGANIZATION_NAME", "ClaimTracker")
CLAIMTRACKER_ORGANIZATION_URL = env("CLAIMTRACKER_ORGANIZATION_URL", "https://claimtracker.example/")
# The public site's absolute base URL: every canonical URL (fact-check pages, ClaimReview `url`,
# feeds, sitemap) starts with it. The demo's own address by default.
CLAIMTRACKER_SITE_URL = env("CLAIMTRACKER_SITE_URL", "http://127.0.0.1:8000/")
# How long a public page's rendered HTML is kept for the next reader under the same ETag (0: never).
CLAIMTRACKER_PUBLIC_CACHE_SECONDS = int(env("CLAIMTRACKER_PUBLIC_CACHE_SECONDS", "60"))
# Demo accounts with printed passwords exist only when this is on.
CLAIMTRACKER_DEMO_MODE = False

# --- Background jobs (claims.ingest.rescore, claims.tasks) ---
# A Celery broker (redis://127.0.0.1:6379/0, amqp://guest:guest@127.0.0.1:5672//) sends the precise
# re-scoring of new claims to workers (`celery -A claimtracker worker`); without one, a thread of the
# process that stored them does it, which needs nothing but Python.
CELERY_BROKER_URL = env("CLAIMTRACKER_BROKER_URL", "")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # one job of up to 64 articles at a time: fair across workers
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CLAIMTRACKER_RESCORE = env("CLAIMTRACKER_RESCORE", "celery" if CELERY_BROKER_URL else "thread")
if CLAIMTRACKER_RESCORE not in {"celery", "thread", "inline", "off"}:
    raise ImproperlyConfigured(f"CLAIMTRACKER_RESCORE must be celery, thread, inline or off, not {CLAIMTRACKER_RESCORE!r}.")
if CLAIMTRACKER_RESCORE == "celery" and not CELERY_BROKER_URL:
    raise ImproperlyConfigured("CLAIMTRACKER_RESCORE=celery needs CLAIMTRACKER_BROKER_URL.")
# Already-checked matches of new and edited claims (claims.review.matches): the same engines.
CLAIMTRACKER_MATCH = env("CLAIMTRACKER_MATCH", "celery" if CELERY_BROKER_URL else "thread")
if CLAIMTRACKER_MATCH not in {"celery", "thread", "inline", "off"}:
    raise ImproperlyConfigured(f"CLAIMTRACKER_MATCH must be celery, thread, inline or off, not {CLAIMTRACKER_MATCH!r}.")
if CLAIMTRACKER_MATCH == "celery" and not CELERY_BROKER_URL:
    raise ImproperlyConfigured("CLAIMTRACKER_MATCH=celery needs CLAIMTRACKER_BROKER_URL.")

# --- Webhooks (webhooks/; where they are sent: webhooks.jobs) ---
# celery (on the broker above), thread (this process), inline (in the publishing commit: tests), off.
CLAIMTRACKER_WEBHOOKS = env("CLAIMTRACKER_WEBHOOKS", "celery" if CELERY_BROKER_URL else "thread")
if CLAIMTRACKER_WEBHOOKS not in {"celery", "thread", "inline", "off"}:
    raise ImproperlyConfigured(f"CLAIMTRACKER_WEBHOOKS must be celery, thread, inline or off, not {CLAIMTRACKER_WEBHOOKS!r}.")
if CLAIMTRACKER_WEBHOOKS == "celery" and not CELERY_BROKER_URL:
    raise ImproperlyConfigured("CLAIMTRACKER_WEBHOOKS=celery needs CLAIMTRACKER_BROKER_URL.")
# Seconds to connect, send and read the answer (per step).
CLAIMTRACKER_WEBHOOKS_TIMEOUT = float(env("CLAIMTRACKER_WEBHOOKS_TIMEOUT", "10"))
# Seconds before each retry of a failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h, then failed.
CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS = [int(s) for s in env_list("CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS", "60,300,1800,7200,43200")]
# Endpoints on loopback, private or reserved addresses (server-side request forgery): demo and tests only.
CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE = env_bool("CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE", False)

# --- REST API (owned by claims/api/) ---
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes DRF answer 401 (not 403) to anonymous writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ModelPermissionsOrPublicRead"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.SafeJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.CursorPage",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("CLAIMTRACKER_API_ANON_RATE", "120/min"),
        "user": env("CLAIMTRACKER_API_USER_RATE", "2000/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.ClaimTrackerSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimTracker API",
    "DESCRIPTION": (
        "Articles, their check-worthy claims, and the verification of each claim.\n\n"
        "Sign in with a session or send `Authorization: Token <key>` (`manage.py issue_token <user>`). "
        "Anonymous clients read published claims, their articles and the ClaimReview feed. "
        "Errors are JSON: field errors as `{\"<field>\": [\"message\"]}`, others as "
        "`{\"detail\": ..., \"code\": ...}`; workflow conflicts (409) add the claim's `status` and `version`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums", "claims.api.schema.complete_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ClaimKindEnum": "claims.models.ClaimKind",
        "StanceEnum": "claims.models.Stance",
        "SchemaOrgAgentTypeEnum": "claims.api.claimreview.AGENT_TYPES",
    },
}
