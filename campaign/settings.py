"""Settings for the campaign app, read from the environment.

Every variable has a default that lets `make run` work on a machine with nothing configured;
`README.md` lists them all. Secrets are never written here: with DEBUG off, a missing SECRET_KEY
stops the app at start-up rather than letting it run half-set.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def development_secret_key():
    """A random key kept in var/ so that sessions survive restarts of a development server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY") or (development_secret_key() if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{envint('PORT', 8000)}").rstrip("/")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [SITE_URL])
# An outreach audience of named people (made from the whip count) posts one field per person: the
# whole of Parliament (650 MPs, ~800 Peers) and more must fit, above Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 5000)

INSTALLED_APPS = [
    # Before the admin, so that its translated fields show in each language (README, "Content").
    "modeltranslation",
    "campaign.admin_site.CampaignAdminConfig",  # django.contrib.admin, on the site defined there
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_celery_beat",
    "campaign",
    "people",
    "outbox",
    "events",
    "recommendations",
    "petitions",
    "constituencies",
    "letters",
    "registrations",
    "motions",
    "backing",
    "outreach",
    "lobbying",
    "dashboard",
    "press",
    "personal_data",
    "api",
    "parliament_data",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files (no CDN)
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
]

MIDDLEWARE = [
    # First: every later layer (rate limits, axes, the signing view) reads the client's address
    # from REMOTE_ADDR, which this sets from X-Forwarded-For when proxies are trusted.
    "campaign.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # The open API is public and read-only: any site may read it from a browser (api/middleware.py).
    "api.middleware.PublicReadCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL (/fa/…); a first visit goes where the browser's language or
    # the visitor's remembered choice says (campaign/middleware.py).
    "django.middleware.locale.LocaleMiddleware",
    "campaign.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Superusers and holders of the personal-data permission reach no admin page without it.
    "personal_data.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

# Reverse proxies in front of the app (nginx, a load balancer): how many there are, and/or their
# addresses or networks. Only then is the client's address taken from X-Forwarded-For, as far as
# these proxies appended it (campaign/proxies.py). Unset, the header is ignored: safe by default.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from _error

AUTHENTICATION_BACKENDS = [
    # Refuses logins from an address or user after AXES_FAILURE_LIMIT failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff log in at /account/login/ (django-two-factor-auth): password, then a code from an
# authenticator app for those who enrolled a device. /admin/login/ sends them there.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
# Superusers manage devices in the admin (to remove a lost one) without seeing their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same client address as the rate limits and the signatures (REMOTE_ADDR after the proxy
# middleware), rather than django-ipware's guess from headers, should ipware ever be installed.
AXES_CLIENT_IP_CALLABLE = "campaign.proxies.request_client_address"

# Security headers and cookies. With DEBUG off every one is on; behind a proxy that terminates TLS,
# set SECURE_PROXY_SSL_HEADER=1 so Django knows the request was HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after SESSION_HOURS (8 by default) and when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# A form sent without its token gets our own page, saying what to do (campaign/views.py).
CSRF_FAILURE_VIEW = "campaign.views.csrf_failure"

# Content Security Policy (django-csp): our own scripts only, no inline script. Inline styles stay
# allowed because progress bars and mail previews set widths and colours inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

ROOT_URLCONF = "campaign.urls"

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
                "campaign.context_processors.site",
            ],
        },
    },
    {
        # Plain-text mail parts: the same templates folders, never HTML-escaped (campaign.mail.render_text).
        "NAME": "mail_text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "campaign.wsgi.application"

# Unset: a SQLite file under var/, so a machine with nothing installed still runs the app.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'campaign.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction pooling (README, Running at scale) each transaction may run on
# another PostgreSQL session, so nothing may outlive one: no cursor held open across transactions
# (Django's .iterator() would otherwise declare one WITH HOLD), no prepared statement (Django
# already turns psycopg's off; said here so that nobody turns them back on). SET TIME ZONE, the
# one SET Django sends, is safe: PgBouncer replays it on every session it lends the client.
# Session-level locks need a session of their own: see BEAT_LOCK_DATABASE_URL.
DATABASE_POOLING = os.environ.get("DATABASE_POOLING", "").strip().lower()
if DATABASE_POOLING not in ("", "session", "transaction"):
    raise ImproperlyConfigured("DATABASE_POOLING must be empty, 'session' or 'transaction'.")
if DATABASE_POOLING == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the site, its mail and its admin. English pages have no prefix (/events/…), Persian
# ones /fa/…; adding a language is an entry here plus locale/<code>/LC_MESSAGES/django.po (README).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("fa", "Persian")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The visitor's choice, remembered for a year (campaign.views.switch_language sets it).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
# Content staff write (event, petition, mailing…) has a version per language, in columns of the same
# table (django-modeltranslation, registered in each app's translation.py). A page shows its own
# language's version, or else the first written one in this order, with a note (campaign/content.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": tuple(code for code, _ in LANGUAGES)}
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE  # slugs come from the default language's title


def localized_verbose_name(verbose_name, code):
    """'title (Persian)', 'عنوان (فارسی)': the label of one language's version in the admin."""
    from campaign.languages import language_name

    return f"{verbose_name} ({language_name(code)})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Without a collectstatic run (tests, a first `make run`), WhiteNoise serves from the finders.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
if WHITENOISE_USE_FINDERS:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: a real SMTP server when EMAIL_HOST is set, otherwise one file per message under var/mail/.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Campaign <campaign@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Unset REDIS_URL: kombu's filesystem transport under var/celery/, so `make run` starts a
# real worker on a machine without Redis. Tasks carry ids and nothing needs their results.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The cache holds rate-limit counters, so it must be shared by every web process: Redis when there
# is one, else memory (one process, as in `make run`).
CACHES = {
    "default": {
        "BACKEND": "campaign.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "campaign",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Rendered public pages, kept a few seconds in each process's memory (see petitions.views).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
PETITION_PAGE_CACHE_SECONDS = envint("PETITION_PAGE_CACHE_SECONDS", 2)
# The cross-party pages of asks and motions (backing.views): a staff edit shows within this long.
BACKING_PAGE_CACHE_SECONDS = envint("BACKING_PAGE_CACHE_SECONDS", 30)
# Link-preview images (campaign/preview_images.py) are drawn once and kept this long in the shared cache.
PREVIEW_IMAGE_CACHE_SECONDS = envint("PREVIEW_IMAGE_CACHE_SECONDS", 600)
# When Redis is down, signing goes on without rate limits rather than failing (campaign/cache.py).
# Limits "per IP" read REMOTE_ADDR (RATELIMIT_IP_META_KEY unset): the client's, behind trusted proxies.
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's scheduler, run by whichever beat holds a PostgreSQL advisory lock: start
# two beats on two machines and the other takes over within a tick of one dying (campaign/beat.py).
CELERY_BEAT_SCHEDULER = "campaign.beat:LeaderDatabaseScheduler"
# The lock lives on one PostgreSQL session: behind PgBouncer in transaction pooling, point this at
# PostgreSQL itself (or a session-pooled PgBouncer database).
BEAT_LOCK_DATABASE_URL = os.environ.get("BEAT_LOCK_DATABASE_URL", "")
BEAT_STANDBY_SECONDS = float(os.environ.get("BEAT_STANDBY_SECONDS", 2))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Petitions: how long a confirmation link works, how many confirmation mails one signature may
# trigger, and how fast one IP address or one (smaller) email domain may sign.
SIGNATURE_CONFIRMATION_MAX_AGE = envint("SIGNATURE_CONFIRMATION_MAX_AGE", 7 * 24 * 3600)
SIGNATURE_CONFIRMATION_MAILS = envint("SIGNATURE_CONFIRMATION_MAILS", 3)
SIGNING_RATE_PER_IP = os.environ.get("SIGNING_RATE_PER_IP", "10/m")
SIGNING_RATE_PER_DOMAIN = os.environ.get("SIGNING_RATE_PER_DOMAIN", "30/m")
# The country the signing form starts at (an ISO code), until the browser's language names another.
SIGNING_DEFAULT_COUNTRY = os.environ.get("SIGNING_DEFAULT_COUNTRY", "GB").upper()
# Confirmation mails to one mailbox a day, whatever +tag or petition: no one is flooded from our address.
SIGNATURE_CONFIRMATION_MAILS_PER_MAILBOX = envint("SIGNATURE_CONFIRMATION_MAILS_PER_MAILBOX", 5)
# Letters to MPs: how long a confirmation link works, how many confirmation mails one letter may trigger,
# how fast one IP address may look up postcodes and send letters, and the address letters come From
# (the writer's name is shown with it; replies go to the writer).
LETTER_CONFIRMATION_MAX_AGE = envint("LETTER_CONFIRMATION_MAX_AGE", 3 * 24 * 3600)
LETTER_CONFIRMATION_MAILS = envint("LETTER_CONFIRMATION_MAILS", 3)
LETTER_POSTCODE_RATE_PER_IP = os.environ.get("LETTER_POSTCODE_RATE_PER_IP", "30/m")
LETTER_WRITING_RATE_PER_IP = os.environ.get("LETTER_WRITING_RATE_PER_IP", "5/m")
LETTERS_FROM_ADDRESS = os.environ.get("LETTERS_FROM_ADDRESS", "")
# Public figures by country show only countries with at least this many signatures; the rest are
# summed as "other" (one or two signers in a country are nearly a name).
PUBLIC_COUNTRY_MIN_SIGNATURES = envint("PUBLIC_COUNTRY_MIN_SIGNATURES", 10)
# Data kept no longer than needed: unconfirmed signatures are deleted after this many days, and the
# signatures of a petition closed this long ago are anonymised (their counts stay).
UNCONFIRMED_SIGNATURE_DAYS = envint("UNCONFIRMED_SIGNATURE_DAYS", 30)
CLOSED_PETITION_KEEP_DAYS = envint("CLOSED_PETITION_KEEP_DAYS", 182)

# The petition widget (petitions/widget.py) is the one page other sites may show in a frame: from
# any site by default, or only from these origins ("https://partner.example,https://other.example").
WIDGET_FRAME_ANCESTORS = envlist("WIDGET_FRAME_ANCESTORS", ["*"])

# Letters to MPs, after sending: the writer is asked whether their MP replied this many days after
# the letter went (when sending set no date of its own), through a link that works this long; a
# reply they report is at most this long; answers from one IP address are limited; and every letter
# is anonymised (its counts kept) this many days after it was written (letters/data_rights.py).
LETTER_SURVEY_AFTER_DAYS = envint("LETTER_SURVEY_AFTER_DAYS", 14)
LETTER_SURVEY_LINK_MAX_AGE = envint("LETTER_SURVEY_LINK_MAX_AGE", 120 * 24 * 3600)
LETTER_REPLY_TEXT_MAX_LENGTH = envint("LETTER_REPLY_TEXT_MAX_LENGTH", 5000)
LETTER_SURVEY_RATE_PER_IP = os.environ.get("LETTER_SURVEY_RATE_PER_IP", "20/m")
LETTER_KEEP_DAYS = envint("LETTER_KEEP_DAYS", 2 * 365)

# Event registration: how long a confirmation link works (unconfirmed registrants hold no place and
# are deleted after it), how many confirmation mails one registration may trigger, and how many
# days after an event its guest list (names, addresses, names as on ID, needs) is erased.
REGISTRATION_CONFIRMATION_MAX_AGE = envint("REGISTRATION_CONFIRMATION_MAX_AGE", 7 * 24 * 3600)
REGISTRATION_CONFIRMATION_MAILS = envint("REGISTRATION_CONFIRMATION_MAILS", 3)
REGISTRATION_KEEP_DAYS = envint("REGISTRATION_KEEP_DAYS", 30)

# The privacy notice (/privacy/): who is responsible for the personal data (the controller; by default
# the organisation that runs this site), its postal address, where to write about data (by default
# the address mail comes from), and its registration number with the ICO, shown when set.
PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "")
PRIVACY_CONTROLLER_ADDRESS = os.environ.get("PRIVACY_CONTROLLER_ADDRESS", "")
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")
PRIVACY_ICO_REGISTRATION = os.environ.get("PRIVACY_ICO_REGISTRATION", "")

# The outbox: how every mail is sent. See outbox/services.py for how these fit together.
MAIL_TICK_SECONDS = float(os.environ.get("MAIL_TICK_SECONDS", 5))
MAIL_BATCH_SIZE = envint("MAIL_BATCH_SIZE", 100)
MAIL_PARALLEL_SENDERS = envint("MAIL_PARALLEL_SENDERS", 4)
MAIL_TASK_SECONDS = envint("MAIL_TASK_SECONDS", 60)
MAIL_LEASE_SECONDS = max(3, envint("MAIL_LEASE_SECONDS", 30))
MAIL_MAX_ATTEMPTS = envint("MAIL_MAX_ATTEMPTS", 5)
MAIL_RETRY_SECONDS = envint("MAIL_RETRY_SECONDS", 60)
MAIL_RATE_PER_SECOND = envint("MAIL_RATE_PER_SECOND", 0)
MAIL_KEEP_DAYS = envint("MAIL_KEEP_DAYS", 30)
# Whether marking a mail sent waits for PostgreSQL to write it to disk (its synchronous_commit, for
# that one statement). "off": the mark is committed and seen by every worker at once, but a crash of
# the database server itself (not of a worker) in the next fraction of a second (3 × wal_writer_delay,
# 0.6 s by default) can forget it, and those few mails go again. It is what lets one sender keep up
# with the mail server: a disk flush per mail costs more than sending it. "on": never forgotten, slower.
MAIL_SENT_SYNCHRONOUS_COMMIT = os.environ.get("MAIL_SENT_SYNCHRONOUS_COMMIT", "off")
if MAIL_SENT_SYNCHRONOUS_COMMIT not in ("on", "off", "local", "remote_write", "remote_apply"):
    # Refused here, not by PostgreSQL at the first mark, when a mail has already gone out unmarked.
    raise ImproperlyConfigured("MAIL_SENT_SYNCHRONOUS_COMMIT: one of on, off, local, remote_write, remote_apply.")
MAIL_MESSAGE_ID_DOMAIN = os.environ.get("MAIL_MESSAGE_ID_DOMAIN", "")
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Campaign] ")
# A sender renews its lease between messages: one message must take well under a lease, so the
# SMTP timeout is at most a quarter of it (and never 0, which Python reads as non-blocking).
EMAIL_TIMEOUT = max(1, min(EMAIL_TIMEOUT, MAIL_LEASE_SECONDS // 4))

# Outreach: when mailings start, and when they pause themselves. See outreach/services.py.
OUTREACH_TICK_SECONDS = float(os.environ.get("OUTREACH_TICK_SECONDS", 10))
OUTREACH_ERROR_THRESHOLD = float(os.environ.get("OUTREACH_ERROR_THRESHOLD", 0.2))
OUTREACH_ERROR_MIN_SAMPLE = envint("OUTREACH_ERROR_MIN_SAMPLE", 20)
OUTREACH_UNSUBSCRIBE_MAX_AGE = envint("OUTREACH_UNSUBSCRIBE_MAX_AGE", 2 * 365 * 24 * 3600)
OUTREACH_RESUBSCRIBE_MAX_AGE = envint("OUTREACH_RESUBSCRIBE_MAX_AGE", 7 * 24 * 3600)
# How often beat looks for petitions that passed a milestone (petitions.services.milestones_mark_reached).
PETITION_MILESTONE_TICK_SECONDS = float(os.environ.get("PETITION_MILESTONE_TICK_SECONDS", 30))
# The staff dashboard (the admin's home): how many days of signatures it charts.
DASHBOARD_DAYS = envint("DASHBOARD_DAYS", 30)
# The open API (api/, README "Open API"): read-only JSON, paginated, and rate-limited per client
# address with counters in the shared cache (Redis), so that every web process counts the same.
API_PAGE_SIZE = envint("API_PAGE_SIZE", 20)
API_RATE = os.environ.get("API_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Nobody logs in to the API: no session is read, no CSRF cookie set, everyone is anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],  # API_RATE per client address
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The client address is REMOTE_ADDR, as campaign.proxies sets it: never a header the client wrote.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaign open API",
    "DESCRIPTION": (
        "Read-only figures and records of the campaign: petitions and their counts, events with who "
        "took part and what they said, advocacy campaigns, and the asks made of governments with their "
        "status and backers. No personal data of signers is ever published. Content is in English, or "
        "in Persian with ?lang=fa."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
}

ADMINS = [("Campaign staff", address) for address in envlist("ADMIN_EMAILS", [])]

# Mail goes through its own queue, so that a deployment can give it workers of its own
# (`celery -A campaign worker -Q mail`) and a long mailing never delays the beat's small tasks.
CELERY_TASK_ROUTES = {"outbox.tasks.send_due_mail": {"queue": "mail"}}
CELERY_TASK_DEFAULT_QUEUE = "celery"

# The system's own schedules. Beat puts each back as written here if it goes missing, is disabled
# or is changed (campaign/beat.py); only superusers see them in the admin.
CELERY_BEAT_SCHEDULE = {
    "outbox-tick": {"task": "outbox.tasks.tick", "schedule": MAIL_TICK_SECONDS},
    "outbox-purge-sent": {"task": "outbox.tasks.purge_sent_mail", "schedule": crontab(hour=3, minute=25)},
    "outreach-tick": {"task": "outreach.tasks.tick", "schedule": OUTREACH_TICK_SECONDS},
    "petitions-milestones": {
        "task": "petitions.tasks.mark_milestones_reached",
        "schedule": PETITION_MILESTONE_TICK_SECONDS,
    },
    "petitions-purge-unconfirmed": {
        "task": "petitions.tasks.purge_unconfirmed_signatures",
        "schedule": crontab(hour=3, minute=10),
    },
    "petitions-anonymise-closed": {
        "task": "petitions.tasks.anonymise_closed_petitions",
        "schedule": crontab(hour=3, minute=40),
    },
    "registrations-erase-guest-lists": {
        "task": "registrations.tasks.erase_guest_lists",
        "schedule": crontab(hour=3, minute=50),
    },
    "people-purge-imports": {"task": "people.tasks.purge_imports", "schedule": crontab(minute=20)},
    "letters-queue-surveys": {"task": "letters.followup_tasks.queue_letter_surveys", "schedule": crontab(minute=35)},
    "letters-anonymise-old": {
        "task": "letters.followup_tasks.anonymise_old_letters",
        "schedule": crontab(hour=4, minute=5),
    },
    "registrations-purge-unconfirmed": {
        "task": "registrations.tasks.purge_unconfirmed_registrants",
        "schedule": crontab(hour=3, minute=55),
    },
}

# CSV import and export (django-import-export): each needs its own permission; only superusers
# hold the export one, so that personal data leaves the app only through them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
# People imports (people/imports.py): the uploaded file and its rows with errors are personal data,
# deleted when the import is applied, and otherwise after this many hours (the record of the import
# stays). Files larger than PEOPLE_IMPORT_MAX_BYTES are refused.
PEOPLE_IMPORT_KEEP_HOURS = envint("PEOPLE_IMPORT_KEEP_HOURS", 24)
PEOPLE_IMPORT_MAX_BYTES = envint("PEOPLE_IMPORT_MAX_BYTES", 50 * 2**20)
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
