"""Hamgami settings: everything that differs between machines comes from the environment.

Local use needs nothing set (`make run` sets DEBUG=1). Production sets DEBUG=0 and must set
SECRET_KEY and ALLOWED_HOSTS; it refuses to start with the development key.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from forum.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production (DEBUG=0) needs its own secret key; "
        "for local development set DEBUG=1 (make run and make test do)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PORT = env_int("PORT", 8000)
SITE_NAME = "Hamgami"
# The site's address as readers reach it, for absolute links where there is no request (emails):
# set it in production (https://forum.example.org); without it, the first allowed host over https.
SITE_URL = (
    env_str("SITE_URL")
    or (f"http://127.0.0.1:{PORT}" if DEBUG else f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "")
).rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "taggit",
    "channels",
    "dbtasks",
    "accounts",
    "threads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # pages gzipped when the app serves them itself; never the pages with secrets (forum/compression.py)
    "forum.compression.PageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "forum.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forum.middleware.PermissionsPolicyMiddleware",
    "forum.middleware.InvalidFormStatusMiddleware",
]

ROOT_URLCONF = "forum.urls"
ASGI_APPLICATION = "forum.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.site",
            ],
        },
    },
]

# Django's form renderer with its input, textarea and label templates written in Python (issue 16).
FORM_RENDERER = "forum.form_renderer.DirectRenderer"

# Databases: SQLite by default, anything dj-database-url understands through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")  # full-text search (threads/following/search.py)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", False):
    # A pool per worker process (psycopg_pool): a new PostgreSQL connection costs ~9 ms, more than a
    # page's queries; ASGI workers should pool rather than keep CONN_MAX_AGE connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    from psycopg_pool import ConnectionPool

    # `check`: a pooled connection is tested before it is handed out, so after a PostgreSQL restart
    # the dead ones are replaced instead of failing the next requests (docs/operations.md).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2, "max_size": env_int("DB_POOL_SIZE", 10), "timeout": 10, "check": ConnectionPool.check_connection,
    }
# A kept connection (DB_CONN_MAX_AGE > 0) is checked before each request reuses it: a restarted
# PostgreSQL costs the requests in flight (503), not the ones after.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channels and cache: in memory by default (one process); Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 reads with a 5 s socket timeout by default, the same 5 s that channels-redis
            # blocks in BZPOPMIN waiting for messages: an idle worker's receive loop then died with
            # "Timeout reading from …". The read timeout must outlast the blocking pop.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": env_str("CHANNEL_PREFIX", "hamgami"),
            },
        }
    }
    CACHES = {
        "default": {
            # Redis that is down is a miss, never an error; rate limits count per process meanwhile (forum/cache.py)
            "BACKEND": "forum.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_PREFIX", "hamgami"),
            # one pool per worker, not a new connection per request under ASGI (forum/redis_pool.py);
            # short timeouts, so a Redis that is down is a quick miss (forum/cache.py)
            "OPTIONS": {
                "pool_class": "forum.redis_pool.SharedConnectionPool",
                "socket_connect_timeout": 1,
                "socket_timeout": 2,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work through django.tasks (threads/following/tasks.py). "database" (the default without DEBUG):
# django-dbtasks keeps each task in the database and the worker (`manage.py worker`, which `make run`
# starts beside the web server; deploy/hamgami-worker.service) runs it, and runs the periodic work
# below on its cron schedule (in TIME_ZONE). "immediate" (the default with DEBUG=1, so tests, the shell
# and a bare daphne need no worker): each task runs at once in the process that enqueues it, and
# nothing runs periodically (the management commands of the same names do the work by hand).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND == "database":
    TASKS = {
        "default": {
            "BACKEND": "dbtasks.backend.DatabaseBackend",
            "OPTIONS": {
                "retain": timedelta(days=2),  # finished tasks (arguments, result, traceback) then deleted
                "periodic": {
                    "threads.following.tasks.apply_thread_timers": "* * * * *",  # every minute
                    "threads.following.tasks.notify_deadlines": "* * * * *",
                    "threads.following.tasks.purge_ip_records": "17 * * * *",  # hourly: no hashed address outlives its window by long
                    "threads.following.tasks.send_digests": "0 6 * * *",  # daily, 06:00
                },
            },
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'database' or 'immediate', not {TASKS_BACKEND!r}.")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},  # the number in the reader's digits
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: username + email, email verified before the account can be used.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hamgami] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hamgami"
if DEBUG and env_str("DEMO_TOTP_CODE"):
    # The demo (make run) accepts this code as every demo account's second factor; allauth refuses
    # it outside DEBUG.
    MFA_TOTP_INSECURE_BYPASS_CODE = env_str("DEMO_TOTP_CODE")

# Internationalization: Persian first, English beside it.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "hamgami_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def _static_file_headers(headers, path, url):
    """Static files carry the CSP and Permissions-Policy too (forum/middleware.py)."""
    from forum.middleware import static_file_headers

    static_file_headers(headers, path, url)


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email through Django 6.1's MAILERS: SMTP at EMAIL_HOST when set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    # Without EMAIL_HOST: printed to the console in development, a local MTA (localhost:25) in production.
    default_backend = "console" if DEBUG else "smtp"
    MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", f"django.core.mail.backends.{default_backend}.EmailBackend")}}
del EMAIL_HOST  # configured through MAILERS only
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hamgami <noreply@localhost>")

# Security: a strict policy from the first page. No inline script or style, no other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "forum.views.csrf_failure"
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Forum limits, stated to people in forms and errors.
HAMGAMI = {
    "TITLE_MAX": 200,
    "BODY_MAX": 20000,
    "TAGS_MAX": 8,
    "TAG_LENGTH_MAX": 50,
    "PAGE_SIZE": 50,
    # The page frame's fixed words and addresses rendered once per language, not per request
    # (`{% fixed_runs %}`, threads/templatetags/frame.py, issue 16; False: every node every time).
    "FIXED_RUNS": env_bool("FIXED_RUNS", True),
    # Live events rendered and sent off the request ("thread": a fan-out thread per worker) or in
    # place ("inline", with DEBUG: tests see them at once). threads/core/live_dispatch.py, issue 16.
    "LIVE_FANOUT": env_str("LIVE_FANOUT", "inline" if DEBUG else "thread"),
    # Posts' HTML kept per process, at most this many pieces (0: every post rendered on every view);
    # the thread page assembles it with each reader's own links (threads/templatetags/post_fragments.py, issue 16).
    "POST_FRAGMENTS": env_int("POST_FRAGMENTS", 5000),
    # Moderators, representatives and admins act in their role only with two-factor authentication on.
    "ROLES_REQUIRE_TWO_FACTOR": env_bool("ROLES_REQUIRE_TWO_FACTOR", True),
    # The anonymous render of home, area and thread pages, kept until the action layer writes (threads/core/page_cache.py)
    "PAGE_CACHE_SECONDS": env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 60),
    # Moderation (threads/moderation/actions.py)
    "FLAGS_TO_HIDE": 3,  # distinct people flagging a post hide it pending review
    "FLAGS_PER_HOUR": 10,  # flags one person may make in an hour
    "PREMODERATE_FIRST_POSTS": 0,  # a new member's first N replies wait for approval (0: off)
    "PREMODERATE_LINKS": 5,  # a reply with more links than this waits for approval (0: off)
    # Accounts younger than NEW_ACCOUNT_DAYS write at most this many threads and replies an hour
    # (0: off, the development default, so demo data and tests can write freely; tests/security turns it on)
    "NEW_ACCOUNT_DAYS": 3,
    "NEW_ACCOUNT_POSTS_PER_HOUR": env_int("NEW_ACCOUNT_POSTS_PER_HOUR", 0 if DEBUG else 30),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        # Each task's start and end (several a minute); failures are logged at ERROR whatever this says.
        "django.tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        "dbtasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
    },
}
