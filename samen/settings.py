"""Settings for samen, read from the environment (12-factor).

Environment variables:
- ``SAMEN_ENV``: ``development`` (default) or ``production``.
- ``DJANGO_SECRET_KEY``: required in production; the development key is refused there.
- ``DATABASE_URL``: defaults to an SQLite file in the project folder; production uses PostgreSQL.
- ``SAMEN_DEMO``: ``1`` enables demo mode (demo data and demo users may be used).
- ``CELERY_BROKER_URL``: a Redis URL in production; without it tasks run in-process.
- ``ALLOWED_HOSTS``: comma separated, defaults to localhost in development.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SAMEN_DATA_DIR", BASE_DIR))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


SAMEN_ENV = os.environ.get("SAMEN_ENV", "development").strip().lower()
if SAMEN_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SAMEN_ENV must be 'development' or 'production'.")
PRODUCTION = SAMEN_ENV == "production"
DEMO_MODE = env_flag("SAMEN_DEMO")

DEVELOPMENT_SECRET_KEY = "samen-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Productiemodus weigert te starten: zet DJANGO_SECRET_KEY op een eigen geheime "
            "sleutel van minstens 32 tekens (de ontwikkelsleutel is niet toegestaan)."
        )
    if DEMO_MODE:
        raise ImproperlyConfigured("Productiemodus weigert te starten in demomodus (SAMEN_DEMO).")

DEBUG = env_flag("DJANGO_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "samen.common",
    "samen.organisation",
    "samen.access",
    "samen.people",
    "samen.cases",
    "samen.income",
    "samen.recovery",
    "samen.dossier",
    "samen.steering",
    "samen.control",
    "samen.objections",
    "samen.appeals",
    "samen.complaints",
    "samen.correspondence",
    "samen.sanctions",
    "samen.enforcement",
    "samen.review",
    "samen.api",
    "samen.web",
]

MIDDLEWARE = [
    "samen.api.middleware.ApiVersionHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if PRODUCTION else []),
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samen.common.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samen.access.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

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
                "django.template.context_processors.i18n",
                "samen.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'samen.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: write-ahead logging lets readers go on while the audit trail is
    # written, and synchronous=NORMAL syncs at checkpoints rather than at every commit (a
    # power cut can lose the last commits, never corrupt the file). IMMEDIATE transactions
    # take the write lock at the start, so two writers queue instead of failing halfway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "samen.organisation.auth.StaffBackend",
    # Staff login through the municipality's identity provider; inert until configured.
    "samen.organisation.oidc.StaffOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "/inloggen?uitgelogd"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "samen" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# The npm packages' files the pages load (samen.web.finders.VendorFinder), nothing else.
VENDOR_STATIC_FILES = {
    "vendor/utrecht/index.css": NODE_MODULES / "@utrecht/component-library-css/dist/index.css",
    "vendor/utrecht-tokens/index.css": NODE_MODULES / "@utrecht/design-tokens/dist/index.css",
    "vendor/htmx/htmx.min.js": NODE_MODULES / "htmx.org/dist/htmx.min.js",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "samen.web.finders.VendorFinder",
]
# The documents of the client's file (samen.dossier): a private folder, outside STATIC_ROOT and
# never served by the web server; only the download view, which asks the access policy and
# audits, hands a file out. Back it up with the database.
DOSSIER_ROOT = Path(os.environ.get("SAMEN_DOSSIER_DIR", DATA_DIR / "dossier-bestanden"))
# The largest document one may upload, in bytes (20 MB by default).
DOSSIER_MAX_UPLOAD_BYTES = int(os.environ.get("SAMEN_DOSSIER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "dossier": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOSSIER_ROOT, "base_url": "/niet-openbaar/"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------------------------
# Login and sessions (issue 11, docs/operations.md)
# ---------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: the session ends after this many minutes without a request. Every request
# renews it (SESSION_SAVE_EVERY_REQUEST), so working on keeps one logged in.
SESSION_IDLE_MINUTES = int(os.environ.get("SAMEN_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from samen itself,
# never inline (no 'unsafe-inline'), no eval, no frames; data: images for the SVG icons that
# the NL Design System CSS embeds. The API's reference page (Redoc, third-party) adds inline
# styles and a blob: worker for itself only (samen.api.views.DocumentationView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# HTTPS in production: redirect, HSTS for a year; behind a TLS-terminating proxy name the
# header it sets (SAMEN_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO), trusted only from that proxy.
SECURE_SSL_REDIRECT = env_flag("SAMEN_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SAMEN_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_flag("SAMEN_HSTS_PRELOAD", default=PRODUCTION)
if os.environ.get("SAMEN_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SAMEN_PROXY_SSL_HEADER"], "https")
# Failed logins (django-axes): after AXES_FAILURE_LIMIT failures for one account or from one
# address, both are locked for AXES_COOLOFF_TIME, the right password included.
AXES_FAILURE_LIMIT = int(os.environ.get("SAMEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SAMEN_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samen.web.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# A password login (demo users in demo mode excepted) needs a TOTP code too.
PASSWORD_LOGIN_REQUIRES_OTP = env_flag("SAMEN_PASSWORD_LOGIN_OTP", default=PRODUCTION)
OTP_TOTP_ISSUER = "samen"

# Staff login through the municipality's identity provider (OpenID Connect, mozilla-django-oidc;
# samen.organisation.oidc). On when a client id is set. The provider says who the employee is
# (the claim OIDC_STAFF_CLAIM holds the staff number); what they may do comes from samen only.
OIDC_RP_CLIENT_ID = os.environ.get("SAMEN_OIDC_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("SAMEN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("SAMEN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("SAMEN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("SAMEN_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("SAMEN_OIDC_JWKS_ENDPOINT", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("SAMEN_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("SAMEN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("SAMEN_OIDC_SCOPES", "openid")
OIDC_STAFF_CLAIM = os.environ.get("SAMEN_OIDC_STAFF_CLAIM", "personeelsnummer")
OIDC_PROVIDER_NAME = os.environ.get("SAMEN_OIDC_PROVIDER_NAME", "")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's logout
OIDC_TIMEOUT = 10
OIDC_OP_LOGOUT_URL_METHOD = "samen.organisation.oidc.logout_url"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/geweigerd"
if OIDC_ENABLED:
    _missing = [
        name
        for name, value in (
            ("SAMEN_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("SAMEN_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("SAMEN_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("SAMEN_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("SAMEN_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "Inloggen via de identity provider (SAMEN_OIDC_CLIENT_ID) mist: " + ", ".join(_missing)
        )
    if PRODUCTION and any(
        url and not url.startswith("https://")
        for url in (
            OIDC_OP_AUTHORIZATION_ENDPOINT,
            OIDC_OP_TOKEN_ENDPOINT,
            OIDC_OP_USER_ENDPOINT,
            OIDC_OP_JWKS_ENDPOINT,
            OIDC_OP_END_SESSION_ENDPOINT,
        )
    ):
        raise ImproperlyConfigured("De adressen van de identity provider moeten https:// zijn.")
if OIDC_OP_END_SESSION_ENDPOINT:
    # The logout form's answer redirects to the provider; browsers hold that redirect to the
    # form-action of the page with the form.
    _end = urlsplit(OIDC_OP_END_SESSION_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_end.scheme}://{_end.netloc}")

# API: Django REST framework, NLGov API Design Rules.
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samen.api.authentication.BearerOrTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["samen.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "samen.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "samen.api.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "samen.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# The largest JSON body the API reads (samen.api.parsers); a larger one is a 413 problem.
API_MAX_BODY_BYTES = 512 * 1024
SPECTACULAR_SETTINGS = {
    "TITLE": "samen API",
    "DESCRIPTION": (
        "API van samen, het platform van een gezamenlijke uitvoeringsorganisatie sociaal domein "
        "van meerdere gemeenten. Volgt de API Design Rules van de Nederlandse overheid."
    ),
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "samen ontwikkelaars",
        "email": "ontwikkelaars@samen.example.nl",
        "url": "https://samen.example.nl",
    },
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": os.environ.get("SAMEN_API_SERVER", "https://samen.example.nl/api/v1")}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    # One name for a choice set that more than one component uses; and two fields named
    # "oordeel" with different choices: steering's KPI verdict keeps the name it had,
    # review's verdict gets its own.
    "ENUM_NAME_OVERRIDES": {
        "BezwaarUitkomstEnum": "samen.objections.models.ObjectionOutcome",
        "OordeelEnum": ["gehaald", "niet gehaald", "geen gegevens", "ter informatie"],
        "ToetsingOordeelEnum": "samen.review.models.Verdict",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samen.api.schema.nlgov_postprocess",
    ],
}
CORS_URLS_REGEX = r"^/api/v1/openapi\.json$"
CORS_ALLOW_ALL_ORIGINS = True

# Signals on the file (samen.common.attention, see docs/income.md): how many days before a
# benefit recipient reaches the AOW age the consulent is warned (the SVB writes to the client
# about six months ahead; the municipality needs time to end the bijstand and hand over), and
# how many months back a benefit without a payment line in a finished run is reported.
AOW_SIGNAL_DAYS = int(os.environ.get("SAMEN_AOW_SIGNAL_DAYS", "90"))
PAYMENT_SIGNAL_MONTHS = int(os.environ.get("SAMEN_PAYMENT_SIGNAL_MONTHS", "12"))

# Tasks: Celery with Redis in production; in-process in the embedded default.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat (`celery -A samen beat`): the schedules. Which month is paid when is data (the
# payment calendar in /beheer); the daily task starts what the calendar says is due.
CELERY_BEAT_SCHEDULE = {
    "betaalruns-volgens-kalender": {
        "task": "income.run_due_months",
        "schedule": crontab(hour=6, minute=0),
    },
    "vorderingen-overnemen": {
        "task": "recovery.take_over_recovery_claims",
        "schedule": crontab(hour=6, minute=15),
    },
    "mandaatcontrole": {
        "task": "organisation.check_mandates",
        "schedule": crontab(hour=6, minute=30),
    },
    # Nightly: the stored KPI results of the running and the earlier periods a report's
    # trend shows (steering reads them instead of computing four periods per page).
    "stuurcijfers-bijwerken": {
        "task": "steering.refresh_due_figures",
        "schedule": crontab(hour=2, minute=30),
    },
    # Hourly, on the hour: the most audit entries that can be removed from the end unnoticed
    # are those of the last hour (checkpoints outside the database, see below).
    "audit-checkpoint": {"task": "access.audit_checkpoint", "schedule": crontab(minute=0)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------------------------
# Audit trail: the key of its hashes and the checkpoints outside the database (issue 10).
# - SAMEN_AUDIT_KEY: the HMAC key of the audit entries and checkpoint files; never in the
#   database. Required in production (32+ characters, not the development key).
# - SAMEN_AUDIT_CHECKPOINT_DIR: where checkpoints of the chain's head are written, one new
#   file each, on storage that does not let files be changed (WORM). Required in production;
#   in development a folder next to the SQLite database.
# ---------------------------------------------------------------------------------------------
from samen.access.production import REFUSAL, checkpoint_dir_problem, key_problem  # noqa: E402

DEVELOPMENT_AUDIT_KEY = "samen-development-audit-key-never-use-in-production"  # noqa: S105
SAMEN_AUDIT_KEY = os.environ.get("SAMEN_AUDIT_KEY", DEVELOPMENT_AUDIT_KEY)
SAMEN_AUDIT_CHECKPOINT_DIR = os.environ.get(
    "SAMEN_AUDIT_CHECKPOINT_DIR", "" if PRODUCTION else str(DATA_DIR / "audit-checkpoints")
)
if PRODUCTION:
    for _problem in (
        key_problem(SAMEN_AUDIT_KEY, development_key=DEVELOPMENT_AUDIT_KEY, secret_key=SECRET_KEY),
        checkpoint_dir_problem(SAMEN_AUDIT_CHECKPOINT_DIR),
    ):
        if _problem:
            raise ImproperlyConfigured(f"{REFUSAL}{_problem}.")
