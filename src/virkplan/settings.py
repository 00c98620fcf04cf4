"""Django settings for virkplan.

Every setting that differs between a first local run and production comes from
an environment variable. The defaults suit `make run` on a developer's machine;
production (VIRKPLAN_DEBUG unset or false) refuses to start without a real
SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("VIRKPLAN_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("VIRKPLAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("VIRKPLAN_DEBUG", False)
_INSECURE_KEY = "insecure-local-development-key-change-me"
# The key comes from SECRET_KEY, from the file SECRET_KEY_FILE names, or from var/secret_key,
# the file `make run` writes: so the commands in the README work in the shell that ran it.
_LOCAL_KEY_FILE = VAR_DIR / "secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("SECRET_KEY_FILE"):
    SECRET_KEY = Path(os.environ["SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
if not SECRET_KEY and _LOCAL_KEY_FILE.is_file():
    SECRET_KEY = _LOCAL_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = _INSECURE_KEY
# Serving refuses to start without ALLOWED_HOSTS (wsgi.py); the command line needs none.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG and (not SECRET_KEY or SECRET_KEY == _INSECURE_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when VIRKPLAN_DEBUG is off "
        "(or SECRET_KEY_FILE, or var/secret_key as `make run` writes it)."
    )

INSTALLED_APPS = [
    # The staff site comes first so its sign-in and password pages replace the admin's.
    "virkplan.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "virkplan.core",
    "virkplan.organisation",
    "virkplan.plans",
    "virkplan.interchange",
    "virkplan.cycle",
    "virkplan.indicators",
    "virkplan.notifications",
    "virkplan.comments",
    "virkplan.reports",
    "virkplan.demo",
    "virkplan.operations",
    "virkplan.api",
    "virkplan.projects",
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A GET whose If-None-Match names the page's ETag gets 304 (cached pages carry one).
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "virkplan.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "virkplan.web.middleware.LanguageMiddleware",
    # Anonymous readers' pages from the cache (web.caching): what follows is skipped for them.
    "virkplan.web.caching.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "virkplan.web.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "virkplan.urls"
WSGI_APPLICATION = "virkplan.wsgi.application"
# A refused form gets a page in the visitor's language on the site's layout, with a way on.
CSRF_FAILURE_VIEW = "virkplan.web.views.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "virkplan.web.identity.authority",
            ],
        },
    },
]

# Form fields are drawn from Django's Jinja2 copies of its widget templates (core.forms).
FORM_RENDERER = "virkplan.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'virkplan.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) when the planner expects it to be
    # costly; for the short queries of a web page that costs more than it saves (0.5 to 2 s
    # for "Mine opgaver" at a large municipality's size, without it 0.3 s). A URL's own
    # ?options=... takes precedence.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: whole pages for anonymous readers (web.caching), the data version they are kept
# under (core.data_version), plan files (reports.documents) and the API's rate limits.
# VIRKPLAN_CACHE_URL names a Redis (redis://127.0.0.1:6379/1) that every worker and machine
# shares: the production set-up.
# Without it each worker keeps pages in its own memory, and the data version is a file in the
# var directory that the workers on this machine share, so a write in one worker makes the
# pages of the others old too (core/data_version.py says why it must be shared).
CACHE_URL = os.environ.get("VIRKPLAN_CACHE_URL", "")
CACHES: dict[str, dict[str, object]]
if CACHE_URL:
    _REDIS: dict[str, object] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": os.environ.get("VIRKPLAN_CACHE_PREFIX", "virkplan"),
    }
    CACHES = {"default": _REDIS, "data_version": _REDIS, "documents": _REDIS}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "virkplan",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "data_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        # Plan files (reports.documents) are large: kept once on the machine's disk for
        # every worker, not in each worker's memory. Past MAX_ENTRIES the file cache removes a
        # third of them, and a file past its time when it is read.
        "documents": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "documents"),
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
    }
# How long a cached page is kept at most (a write makes it old at once anyway).
VIRKPLAN_PAGE_CACHE_SECONDS = int(os.environ.get("VIRKPLAN_PAGE_CACHE_SECONDS", 24 * 3600))
# How long a plan's file (PDF, Word, ...) is kept at most, and the largest file kept in the
# cache: a write makes a file old at once, and the next download replaces it
# (reports.documents). PDF and Word documents are built by the task queue into MEDIA_ROOT
# (reports.services), whatever their size, and deleted when nobody asked for them this long.
VIRKPLAN_DOCUMENT_CACHE_SECONDS = int(
    os.environ.get("VIRKPLAN_DOCUMENT_CACHE_SECONDS", 7 * 24 * 3600)
)
VIRKPLAN_DOCUMENT_CACHE_MAX_BYTES = int(
    os.environ.get("VIRKPLAN_DOCUMENT_CACHE_MAX_BYTES", 16 * 2**20)
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "virkplan_language"
# The language the plans are written in, whatever language a reader picks for the interface
# (core.display.content_language): their texts are marked lang="da" on English pages.
VIRKPLAN_CONTENT_LANGUAGE = LANGUAGE_CODE

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
_FRONTEND_DIST = Path(os.environ.get("VIRKPLAN_FRONTEND_DIR", BASE_DIR / "node_modules/dkfds/dist"))
STATICFILES_DIRS = [("dkfds", _FRONTEND_DIST)] if _FRONTEND_DIST.is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("VIRKPLAN_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_SECURE = env_bool("VIRKPLAN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS. Behind a proxy that ends TLS, VIRKPLAN_PROXY_SSL_HEADER makes Django trust the
# proxy's X-Forwarded-Proto (only when the proxy sets it and clients cannot reach Django
# past it); CSRF_TRUSTED_ORIGINS lists the site's public origins (https://plan.kommune.dk).
SECURE_SSL_REDIRECT = env_bool("VIRKPLAN_SSL_REDIRECT", False)
if env_bool("VIRKPLAN_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("VIRKPLAN_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VIRKPLAN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("VIRKPLAN_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_HTTPONLY = True

# Sessions end after VIRKPLAN_SESSION_HOURS in all, and after VIRKPLAN_SESSION_IDLE_MINUTES
# without a request (web.middleware.SessionIdleMiddleware).
SESSION_COOKIE_AGE = int(float(os.environ.get("VIRKPLAN_SESSION_HOURS", "8")) * 3600)
VIRKPLAN_SESSION_IDLE_SECONDS = int(
    float(os.environ.get("VIRKPLAN_SESSION_IDLE_MINUTES", "60")) * 60
)

# Content-Security-Policy: nothing inline, nothing from other sites. Styles too: progress
# bars are drawn with classes, and htmx is told not to add its own <style> (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (web.middleware.PermissionsPolicyMiddleware): no page uses these.
VIRKPLAN_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Sign-in ------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:front"
LOGOUT_REDIRECT_URL = "web:front"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out user name and address before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password guessing: after AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address, that pair is locked out for VIRKPLAN_LOCKOUT_MINUTES (the sign-in page says so).
AXES_FAILURE_LIMIT = int(os.environ.get("VIRKPLAN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("VIRKPLAN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "virkplan.web.signin.client_ip"
AXES_VERBOSE = False

# Single sign-on by OpenID Connect (AD FS, Entra ID, ...): on when OIDC_RP_CLIENT_ID is set.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "virkplan.web.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
    LOGIN_REDIRECT_URL_FAILURE = "login"

# E-mail (password reset): sent by SMTP when EMAIL_HOST is set. Without it, a developer
# (VIRKPLAN_DEBUG on) sees the mail on the console; production drops it with a warning in
# the log, so a password-reset link never lands in a log file.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "virkplan.core.mail.UnconfiguredEmailBackend"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Port 465 speaks TLS from the start: EMAIL_USE_SSL=1 and EMAIL_USE_TLS=0.
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that does not answer holds up a worker (or, with no broker, a page) this long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "virkplan <noreply@localhost>")

# The site's address as its users reach it (https://plan.kommune.dk): e-mails link to pages
# under it, since a mail sent by a worker has no request to take the address from.
VIRKPLAN_BASE_URL = os.environ.get("VIRKPLAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The task queue (virkplan/celery.py): e-mail is sent by a Celery worker through the broker
# CELERY_BROKER_URL names (redis://127.0.0.1:6379/0), which every web server and worker
# shares (docs/operations.md). Without a broker, tasks run in the process that queues them.
# (Kombu's in-memory transport stands in for a broker then: nothing is ever sent to it.)
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "virkplan")
# Nothing waits for a task's result: the database holds what a task did.
CELERY_TASK_IGNORE_RESULT = True
# A task is taken off the queue when it has run, so one lost with its worker is run again;
# the tasks are written to be run twice without doing their work twice.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# celery beat: every ten minutes, mail the notices whose mail was not sent (the broker was
# away when they were made, or the mail server refused them too often).
CELERY_BEAT_SCHEDULE = {
    "send-pending-notification-mails": {
        "task": "virkplan.notifications.tasks.send_pending_notification_mails",
        "schedule": 600.0,
    },
    # Each morning: the yearly cycle's reminders, and on Mondays the weekly digest.
    "send-reminders": {
        "task": "virkplan.notifications.tasks.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Each night: plan documents nobody asked for in VIRKPLAN_DOCUMENT_CACHE_SECONDS, and
    # files of deleted plans, are deleted from storage (reports.services).
    "remove-old-documents": {
        "task": "virkplan.reports.tasks.remove_old_documents",
        "schedule": crontab(hour=3, minute=15),
    },
}
# How long a page waits for a task (a plan's PDF or Word document being built, an upload being
# read) before it says the task failed and offers to try again: a worker lost with its task,
# or a queue with nobody taking from it, does not keep a page refreshing for ever.
VIRKPLAN_QUEUE_PATIENCE_SECONDS = int(os.environ.get("VIRKPLAN_QUEUE_PATIENCE_SECONDS", 600))

# The yearly cycle's reminders (`virkplan send_reminders`, run daily by celery beat): one this
# many days before a deadline, and one when a deadline has passed by this many days.
VIRKPLAN_REMINDER_DAYS_BEFORE = int(os.environ.get("VIRKPLAN_REMINDER_DAYS_BEFORE", "7"))
VIRKPLAN_REMINDER_DAYS_OVERDUE = int(os.environ.get("VIRKPLAN_REMINDER_DAYS_OVERDUE", "1"))

# Four eyes: whoever submitted a plan for approval cannot approve it. Turn off only where
# a unit has a single approver who also writes the plan.
VIRKPLAN_FOUR_EYES = env_bool("VIRKPLAN_FOUR_EYES", True)

# Demo users (one per role) are created by `virkplan load_demo` only when this is on;
# `make run` turns it on. Never set it in production.
VIRKPLAN_DEMO_USERS = env_bool("VIRKPLAN_DEMO_USERS", False)

# The largest plan document the upload page reads (the command line has its own limits,
# see interchange/legacy/readers.py).
VIRKPLAN_IMPORT_MAX_BYTES = int(os.environ.get("VIRKPLAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# A PDF takes about 0.15 s a page to read (docs/performance.md): the upload page stops
# well inside the server's timeout; longer documents go through `virkplan import`.
VIRKPLAN_IMPORT_MAX_PAGES = int(os.environ.get("VIRKPLAN_IMPORT_MAX_PAGES", 150))
# An upload is read in a child process (interchange/legacy/isolation.py) that is stopped
# after this many seconds (wall clock and CPU) or when it needs more address space than
# this; both stay below a web worker's (gunicorn's --timeout, 120 s in `make run`).
VIRKPLAN_IMPORT_TIMEOUT = int(os.environ.get("VIRKPLAN_IMPORT_TIMEOUT", 60))
VIRKPLAN_IMPORT_MEMORY_MB = int(os.environ.get("VIRKPLAN_IMPORT_MEMORY_MB", 1024))
# More lines, or more characters on one PDF page, than any plan has.
VIRKPLAN_IMPORT_MAX_LINES = int(os.environ.get("VIRKPLAN_IMPORT_MAX_LINES", 50_000))
VIRKPLAN_IMPORT_MAX_PAGE_CHARACTERS = int(
    os.environ.get("VIRKPLAN_IMPORT_MAX_PAGE_CHARACTERS", 30_000)
)

# The API (/api/v1/): requests per period for each token or signed-in user, and for each
# anonymous address (an IPv6 address counts by its /64), written like "600/minute"; counted
# in Django's cache. Behind a load balancer or proxy, VIRKPLAN_PROXY_COUNT says how many
# proxies add themselves to X-Forwarded-For, so the caller's own address is the one counted.
VIRKPLAN_API_RATE_TOKEN = os.environ.get("VIRKPLAN_API_RATE_TOKEN", "600/minute")
VIRKPLAN_API_RATE_ANONYMOUS = os.environ.get("VIRKPLAN_API_RATE_ANONYMOUS", "60/minute")
VIRKPLAN_PROXY_COUNT = int(os.environ.get("VIRKPLAN_PROXY_COUNT", "0"))
