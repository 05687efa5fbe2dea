"""Settings for Perhekeskus, read from environment variables in this one place.

The defaults run the embedded setup (SQLite in WAL mode, DEBUG on, local hosts only) so that
`make run` needs nothing but Python. Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and
DEBUG=0; `manage.py check --deploy` is then clean but for HSTS preloading, which a site opts into
with SECURE_HSTS_PRELOAD=1 once its domain is ready for the browsers' preload list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "perhekeskus.accounts",
    "perhekeskus.directory",
    "perhekeskus.search",
    "perhekeskus.help_requests",
    "perhekeskus.activities",
    "perhekeskus.pathways",
    "perhekeskus.network",
    "perhekeskus.feedback",
    "perhekeskus.backups",
    "perhekeskus.site",
    "perhekeskus.api",
]

# The sections of the data files (data/SCHEMA.md) in the order `load_data` loads them: a section
# may name records of the sections before it. The app that owns a section registers its loader
# (perhekeskus/<app>/loader.py, imported by the app's ready()); a section listed here without a
# loader, or one with a loader but not listed, is an error.
DATA_SECTIONS = [
    "file",  # directory: the file header
    "target_groups",  # directory: the vocabularies
    "path_stages",
    "delivery_modes",
    "languages",
    "thesaurus",  # search
    "areas",  # directory
    "organizations",
    "places",
    "tasks",
    "services",
    "network",  # network
    "seasons",  # activities
    "activities",
    "pathways",  # pathways
    "surveys",  # network
    "help_topics",  # help_requests
    "child_age_groups",
    "help_teams",
    "emergency_routes",  # directory: after the services and areas it names
    "contact_guidance",  # directory: after the services it names
    "urgency_terms",  # help_requests
    "trust_sections",  # feedback: the law pages' texts
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The response headers of issue 16 (see "Headers" below), near the top so that every page has
    # them, even one that a middleware below makes (a 400 for an unknown host). In production
    # WhiteNoise comes before them: static files are not pages.
    "csp.middleware.CSPMiddleware",
    "perhekeskus.site.permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen, so that its pages speak it.
    "perhekeskus.site.unavailable.DatabaseFaultsMiddleware",
    # A first visit to a Finnish address goes to the visitor's own language's (site/first_visit.py).
    "perhekeskus.site.first_visit.FirstVisitLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check: its page sends the posted fields back with a fresh CSRF token, which
    # must never be given to a post from another site.
    "perhekeskus.site.undecodable.UndecodableBodiesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The device that verified the user, then the staff session's limits (perhekeskus/accounts).
    "django_otp.middleware.OTPMiddleware",
    "perhekeskus.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a sign-in refused by django-axes into the sign-in page saying so.
    "axes.middleware.AxesMiddleware",
    # Last: it answers repeated searches just before their views would run.
    "perhekeskus.site.response_cache.SharedAnswersMiddleware",
]

if not DEBUG:
    # Production serves static files itself (compressed, cache-busted); runserver does it in DEBUG.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "perhekeskus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in WAL mode is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
# A kept PostgreSQL connection is checked before each request uses it (CONN_HEALTH_CHECKS): after
# a restart of the server the request reconnects instead of failing on the dead connection.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'var' / 'perhekeskus.sqlite3')}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite syncs its WAL at every commit (synchronous=FULL): with NORMAL a commit survives a crash of
# the application but not a power loss, which could take a request whose receipt was already
# shown. The price, about 0.2-0.3 ms per commit, is in docs/performance.md (bench/sqlite_commits.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_PATH") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Finnish is the default language of the interface and the source language of content.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("suomi")), ("sv", _("svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "perhekeskus" / "locale"]
# The one time zone: opening hours, the calendar and the help-request deadlines are written in
# its wall clocks (django.utils.timezone.get_default_timezone() everywhere).
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "perhekeskus" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Staff accounts (perhekeskus/accounts): django-axes checks every password before Django does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures per account (django-axes) and per address (accounts/lockout.py): ten on an account,
# or thirty from one address (an office may share it), within the cool-off lock it for 15
# minutes; waits slow the tries before that. Tries during a lock do not lengthen it; an admin
# unlocks at once. The address is the one the limits use (X-Forwarded-For behind a trusted proxy).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that axes itself does not lock addresses: accounts/lockout.py does, at the
# looser LOGIN_ADDRESS_FAILURE_LIMIT (test_lockout.py: test_one_address_guessing_at_many_...).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# A full sign-in clears the account's own failures (accounts/lockout.py), not axes' reset, which
# would clear every account's failures from the same address as well.
AXES_RESET_ON_SUCCESS = False
# What axes keeps of a failed try's form: never the typed code.
AXES_SENSITIVE_PARAMETERS = ["code"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "perhekeskus.accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "perhekeskus.accounts.views.locked_out"
# A browser that has fully signed in as the account before is let through its lock, with a
# failure count of its own (accounts/known_devices.py): a guesser cannot keep a worker out.
AXES_WHITELIST_CALLABLE = "perhekeskus.accounts.known_devices.trusted"
# Successful sign-ins are not kept (the help requests' audit log says who read what); failures
# are kept only as the counts above, until the cool-off clears them.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# Staff sessions: 12 hours after signing in at most; readers of sensitive data 30 minutes idle.
SESSION_COOKIE_AGE = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", str(12 * 3600)))
STAFF_SESSION_MAX_SECONDS = SESSION_COOKIE_AGE
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
# The authenticator app shows this name beside the code.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Perhekeskus")
# The admin lists devices without their keys and QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "help_requests:inbox"
LOGOUT_REDIRECT_URL = "site:home"

# The embedded setup runs one process, so a local-memory cache serves it. Several workers (gunicorn
# behind a proxy) share Redis. Either way the cache is only an optimisation: the Redis backend
# turns an outage into misses (config/redis_cache.py), and the rate limits count in the database
# when there is no Redis or it is away (perhekeskus/help_requests/limits.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer costs a request at most this long, once: the backend then
        # leaves it alone for a few seconds.
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
        },
        "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", ""),
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "perhekeskus"}
}
# Behind a proxy the client's address is the last one the proxy appended to X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Mail: the console in development; SMTP in production (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). Help-request notifications never carry request content.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A worker waits for an answer's e-mail to go; a mail server that does not answer must not hang it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "perhekeskus@localhost")
# The site's own address, for links in e-mails and on printed posters; with DEBUG off it must be
# set, and https (perhekeskus/activities/checks.py).
SITE_URL_DEFAULT = "http://127.0.0.1:8000"
SITE_URL = os.environ.get("SITE_URL", SITE_URL_DEFAULT)

# Pyydä apua!: the answer promise and how long requests are kept after closing.
HELP_REQUEST_END_OF_DAY = os.environ.get("HELP_REQUEST_END_OF_DAY", "16:00")
HELP_REQUEST_RETENTION_DAYS = int(os.environ.get("HELP_REQUEST_RETENTION_DAYS", "365"))
# Sends per client address (the form and the API together), "count/unit" with s, m, h or d. Raised
# only for a test run that posts many requests from one address (.ci/schemathesis).
HELP_REQUEST_SUBMIT_RATES = env_list("HELP_REQUEST_SUBMIT_RATES", "5/m,30/h")

# Feedback (perhekeskus/feedback): its own register. Handled messages are deleted this many days
# after handling (manage.py purge_feedback); each new one is e-mailed (without content) to the
# coordinators and to FEEDBACK_NOTIFY_EMAIL if set; one address may send FEEDBACK_PER_HOUR an hour.
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "365"))
FEEDBACK_NOTIFY_EMAIL = os.environ.get("FEEDBACK_NOTIFY_EMAIL", "")
FEEDBACK_PER_HOUR = int(os.environ.get("FEEDBACK_PER_HOUR", "10"))

# Backups (manage.py backup / restore, docs/deploy.md) are encrypted with age. The server that makes
# them holds only the public keys of the IT admins who may read them (age1..., comma-separated).
# The secret key (AGE-SECRET-KEY-1...) is given to `restore` alone, in BACKUP_AGE_IDENTITY or in a
# file named by BACKUP_AGE_IDENTITY_FILE: never put it in the service's environment.
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS", "")
BACKUP_AGE_IDENTITY = os.environ.get("BACKUP_AGE_IDENTITY", "")
BACKUP_AGE_IDENTITY_FILE = os.environ.get("BACKUP_AGE_IDENTITY_FILE", "")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "perhekeskus.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # The REST framework's, without its inline <style> (see the content security policy).
        "perhekeskus.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The API is open data and anonymous help requests: it signs no one in, so it is no way round
    # the sign-in's second factor and lockout (DRF would otherwise accept Basic auth).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Perhekeskus API",
    "DESCRIPTION": "Open data of the family-centre network: services, organisations and places.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_AUTHENTICATION": [],
}

# Production hardening, on whenever DEBUG is off (behind a TLS-terminating proxy).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Headers: the Content Security Policy (django-csp) and the Permissions-Policy -------------------
# Every page is ours: our stylesheets and, on the admin's and the browsable API's pages, their
# scripts, all from this origin and none inline (no <style>, style= or onclick=; tests in
# perhekeskus/site/tests/test_security_headers.py). So the policy allows this origin and nothing
# else, and a script or style that an attacker got into a page would not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        # Everything a page loads comes from here: stylesheets, scripts, images (the admin's icons),
        # fonts (the browsable API's), the browsable API's requests. img-src is not set apart:
        # no page shows a data: image (the HDS icons that are data: URIs, on checkboxes and
        # hds-icon, are not used), and none shows an image from elsewhere.
        "default-src": [SELF],
        # Scripts only from our files, never inline nor eval(): no 'unsafe-inline', no
        # 'unsafe-eval', no nonce needed (the public pages have no script at all).
        "script-src": [SELF],
        # Stylesheets only from our files: the inline styles moved to perhekeskus/static, and
        # the browsable API leaves out its inline Pygments colours (perhekeskus/api/renderers.py).
        "style-src": [SELF],
        # No plugins (<object>, <embed>).
        "object-src": [NONE],
        # An injected <base href> cannot send the pages' relative links and forms elsewhere.
        "base-uri": [SELF],
        # Forms post only here: an injected form cannot send what a family typed to another site.
        "form-action": [SELF],
        # No page is meant to be framed: the button that partner sites paste is a plain link
        # (help_requests/embed.py), not an iframe. X_FRAME_OPTIONS = "DENY" says the same to
        # browsers that do not know frame-ancestors.
        "frame-ancestors": [NONE],
        # Where browsers report what the policy blocked, if the operator wants to know
        # (docs/deploy.md): CSP_REPORT_URI=https://reports.example.fi/csp. None: no reports.
        "report-uri": os.environ.get("CSP_REPORT_URI") or None,
    }
}
# The browser features no page uses, allowed to no one (perhekeskus/site/permissions_policy.py):
# devices and sensors, location, payments, screen capture, and the interests a browser would tell
# advertisers (interest-cohort is FLoC, withdrawn; browsing-topics its successor). A browser that
# does not know a feature ignores it, and may say so in its console.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Logs go to stderr; no request content or personal data is ever logged by the application.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes tells of every sign-in at INFO; its warnings (a lockout) are what matters.
    "loggers": {
        "axes": {"level": "WARNING"},
        # A failed reset e-mail's traceback may carry the address (SMTPRecipientsRefused).
        "django.contrib.auth": {"filters": ["without_exception_text"]},
    },
    "filters": {"without_exception_text": {"()": "perhekeskus.accounts.logs.WithoutExceptionText"}},
}

SEARCH_ENGINE = "perhekeskus.search.engine.IndexEngine"
# Search answers are kept at most this long for everyone who asks the same (0: never kept). They
# are never served after a change to the directory or to an open-now state they show (see
# perhekeskus/site/response_cache.py), so this only bounds how long a new release's pages
# take to replace the answers rendered by the old one.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))
CSRF_FAILURE_VIEW = "perhekeskus.help_requests.csrf.csrf_failure"
