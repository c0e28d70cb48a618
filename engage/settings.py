"""Engage settings: one file, read from the environment.

Defaults are the embedded ones (a SQLite file, a private Redis started by the run and test
commands); production values come only from the environment. See docs/deploy.md.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime state of the embedded defaults (git-ignored)

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def _install_secret_key() -> str:
    """With DEBUG (make run) and no SECRET_KEY: a random key made once per install and kept in
    var/secret_key (mode 0600), never a fixed one that would let anyone who has read this file
    mint verification and reset links for a development server (issue 16, item 11)."""
    path = VAR_DIR / "secret_key"
    if not path.is_file():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(descriptor, "w") as key_file:
                key_file.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set it in the environment "
            "(50+ random characters); on a laptop use `make run`, which sets DEBUG=true."
        )
    SECRET_KEY = _install_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _embedded_redis_url() -> str:
    """The private Redis that `python -m engage.launcher` started, if it is running."""
    marker = VAR_DIR / "redis.url"
    return marker.read_text().strip() if marker.is_file() else "redis://127.0.0.1:6379/0"


REDIS_URL = env("REDIS_URL", default="") or _embedded_redis_url()

INSTALLED_APPS = [
    "daphne",  # must precede staticfiles: runserver then serves WebSockets too
    "engage.apps.EngageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes (engage.services)
    "axes",
    "taggit",
    "django_celery_beat",
    "health_check",  # `manage.py health_check health` probes /health/ (engage/health.py)
    "engage.apps.EngageConfig",
    "concerns",
    "moderation",
    "social",
    "casework",
    "reports",
    "permits",
    "api",
    "django.forms",  # Django's widget templates, for FORM_RENDERER's loader to find
]
# GOV.UK form groups for every form, from templates/components/field.html.
FORM_RENDERER = "engage.form_renderer.GovUKFormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "engage.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "engage.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engage.not_found.FriendlyNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"
ASGI_APPLICATION = "engage.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engage.context_processors.service",
                "concerns.context_processors.notifications",
            ]
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reuse connections; channels#2176: always name the test database explicitly.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}"}
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "engage.User"

AUTHENTICATION_BACKENDS = [
    # First, so a locked account is refused before ModelBackend runs the password hash.
    "axes.backends.AxesStandaloneBackend",
    "engage.accounts.RoleAwareBackend",  # ModelBackend, loading the user's roles with them
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "profile"
LOGOUT_REDIRECT_URL = "home"

# Lockout: at most 10 failed logins per account per 15 minutes (NCSC), refused before hashing.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "engage.accounts.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks to lock by IP too. We lock per account on purpose: residents share carrier-grade
# NAT addresses and police stations share one egress, so an IP lock would lock out the innocent.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# True when nginx (docs/deploy.md) sets X-Real-IP; rate limits and lockout logs then use it.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
AXES_CLIENT_IP_CALLABLE = "engage.ratelimit.address_for_audit"

# Sign-ups per IP address per hour (engage.ratelimit; fails open if Redis is down).
SIGNUP_RATE_PER_IP = env.int("SIGNUP_RATE_PER_IP", default=10)
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=3)
# Password-reset emails per hour: to one address (beyond it, silently none), and requests from
# one client address (beyond it, 429). engage.ratelimit; both fail open if Redis is down.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=3)
PASSWORD_RESETS_PER_IP = env.int("PASSWORD_RESETS_PER_IP", default=20)

OTP_TOTP_ISSUER = "Engage"
# The admin never shows anyone's recovery codes or authenticator key: a staff admin resets a
# device (deletes it), and cannot read what would let them sign in as its owner.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "engage",
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Sessions live in the database so that Redis going down logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# No CHANNEL_LAYERS: sockets hear events through engage/realtime.py's one Redis subscription
# per process; stock Channels' per-socket layer cost 15-45x its CPU (docs/realtime.md).

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Workers keep their database connection across tasks (Celery's Django fixup otherwise opens a
# new one per task: the X feed sync cycle measured 2.2-2.4x its asyncio floor without this,
# 1.4-1.5x with it); engage.celery drops a broken or aged one before each task.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TIMEZONE = "Europe/London"
# /health/ (engage/health.py) reports the disk holding the project (SQLite, var/) above this.
HEALTH_DISK_MAX_PERCENT = env.float("HEALTH_DISK_MAX_PERCENT", default=90.0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
# The demo (`make run`, DEBUG on, no EMAIL_URL) keeps its mail for /demo/mailbox/ to show.
DEMO_MAILBOX = env.bool("DEMO_MAILBOX", default=DEBUG and not env("EMAIL_URL", default=""))
DEMO_MAILBOX_DIR = env("DEMO_MAILBOX_DIR", default=str(VAR_DIR / "mailbox"))
if DEMO_MAILBOX:
    EMAIL_BACKEND = "engage.demo.mailbox.DemoMailboxBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # a hung mail server must not hang a request
# A notification claimed for sending this long ago whose worker never finished (killed
# mid-send) is taken back by the next sweep (concerns/services/notifications.py). Well above a
# send's EMAIL_TIMEOUT, so a slow send is never taken back while it runs.
EMAIL_CLAIM_SECONDS = env.int("EMAIL_CLAIM_SECONDS", default=300)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Engage <no-reply@engage.example>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Socket handshakes are accepted only from SITE_URL's exact origin and these (scheme://host:port).
WEBSOCKET_ALLOWED_ORIGINS = env.list("WEBSOCKET_ALLOWED_ORIGINS", default=[])


def _socket_origin(site_url: str) -> str:
    parts = urlsplit(site_url)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


# --- Security headers -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline script or style anywhere: everything comes from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://pbs.twimg.com"],
        # Our own socket origin only (SITE_URL as ws:/wss:), never any host's.
        "connect-src": ["'self'", _socket_origin(SITE_URL)],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Concerns: posting quota per account per hour, and the public reply target.
SUBMISSIONS_PER_HOUR = env.int("SUBMISSIONS_PER_HOUR", default=5)  # new concerns
UPDATES_PER_HOUR = env.int("UPDATES_PER_HOUR", default=10)  # updates on concerns, counted apart
# A reply's email waits this long for the team's next replies to the same concern: one email.
REPLY_EMAIL_BATCH_SECONDS = env.int("REPLY_EMAIL_BATCH_SECONDS", default=120)
REPLY_TARGET_WORKING_DAYS = env.int("REPLY_TARGET_WORKING_DAYS", default=5)

# What screens a post at submission (the moderation app provides it; concerns only names it).
CONCERN_SCREENER = "moderation.screening.screen_in_request"

# The moderation app plugs into the concern lifecycle here (see concerns/hooks.py).
CONCERN_HOOKS = {
    "submitted": ["moderation.services.intake.concern_submitted"],
    "update_submitted": ["moderation.services.intake.update_submitted"],
    "reply_submitted": ["moderation.services.intake.reply_submitted"],
    "reply_published": ["social.services.crosspost.on_reply"],
    "status_changed": ["moderation.services.intake.status_changed"],
    "may_post": ["moderation.services.sanctions.check_may_post"],
}
# Moderation: how long a claim lasts, each lane's screening deadline, community flags.
MODERATION_CLAIM_MINUTES = env.int("MODERATION_CLAIM_MINUTES", default=10)
MODERATION_DEADLINE_MINUTES = {
    "urgent": 15,
    "safeguarding": 60,
    "personal_data": 240,
    "standard": 24 * 60,
}
# Urgent items nobody claims within this many minutes are escalated once
# (moderation/services/escalation.py): email to the moderators covering the ward and
# URGENT_ESCALATION_EMAIL, and a JSON webhook to a control room at URGENT_WEBHOOK_URL (signed with
# URGENT_WEBHOOK_SECRET when set), retried.
URGENT_ESCALATE_MINUTES = env.int("URGENT_ESCALATE_MINUTES", default=5)
URGENT_ESCALATION_EMAIL = env("URGENT_ESCALATION_EMAIL", default="")
URGENT_WEBHOOK_URL = env("URGENT_WEBHOOK_URL", default="")
URGENT_WEBHOOK_SECRET = env("URGENT_WEBHOOK_SECRET", default="")
URGENT_WEBHOOK_TIMEOUT_SECONDS = env.float("URGENT_WEBHOOK_TIMEOUT_SECONDS", default=5)
URGENT_WEBHOOK_MAX_ATTEMPTS = env.int("URGENT_WEBHOOK_MAX_ATTEMPTS", default=12)
FLAGS_TO_HIDE = env.int("FLAGS_TO_HIDE", default=3)  # weighted flags that hide an item
ESTABLISHED_ACCOUNT_DAYS = env.int("ESTABLISHED_ACCOUNT_DAYS", default=30)
NEW_ACCOUNT_FLAG_DAYS = env.int("NEW_ACCOUNT_FLAG_DAYS", default=7)  # their flags weigh 0
REDACTED_ORIGINAL_RETENTION_DAYS = env.int("REDACTED_ORIGINAL_RETENTION_DAYS", default=365)
SCREENING_EXAMPLE_RETENTION_DAYS = env.int("SCREENING_EXAMPLE_RETENTION_DAYS", default=365)
# Where diverted posts are referred (empty: recorded, and the resident advised, only). The demo
# refers safeguarding posts to a demo address, so the referral shows in its mailbox.
DIVERSION_REFERRAL_EMAILS = {
    "safeguarding": env(
        "SAFEGUARDING_REFERRAL_EMAIL", default="safeguarding@engage.example" if DEBUG else ""
    ),
    "101": env("NON_EMERGENCY_REFERRAL_EMAIL", default=""),
    "crime_report": env("CRIME_REPORT_REFERRAL_EMAIL", default=""),
}

# --- The private counters (casework, reports, permits) -------------------------------------
# Case documents: outside MEDIA_ROOT, never served by URL (casework.models.PrivateStorage).
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
CASE_CLAIM_MINUTES = env.int("CASE_CLAIM_MINUTES", default=15)
CASE_DOCUMENT_MAX_BYTES = env.int("CASE_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Uploads are bounded as they stream (engage/uploads.py), before Django's own handlers.
FILE_UPLOAD_HANDLERS = [
    "engage.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Triage targets per THRIVE grade, from submission (the Met's 45 minutes for high risk).
REPORT_TRIAGE_MINUTES = {
    "high": env.int("REPORT_TRIAGE_MINUTES", default=45),
    "medium": 4 * 60,
    "standard": 24 * 60,
    "low": 48 * 60,
}
# How long each type of case is kept before the nightly purge; the most specific key wins.
REPORT_RETENTION_DAYS = {
    "default": 2 * 365,
    "crime": 6 * 365,
    "road_traffic": 6 * 365,
    "lost_found": 365,
    "tell_us": 365,
    **env.dict("REPORT_RETENTION_DAYS", cast={"value": int}, default={}),
}
# The force's records system: recorded reports are POSTed here as signed JSON (reports.handover).
RECORDS_WEBHOOK_URL = env("RECORDS_WEBHOOK_URL", default="")
RECORDS_WEBHOOK_SECRET = env("RECORDS_WEBHOOK_SECRET", default="")
RECORDS_WEBHOOK_TIMEOUT_SECONDS = env.float("RECORDS_WEBHOOK_TIMEOUT_SECONDS", default=10)
# Public figures are never shown for fewer reports than this (no small, identifying numbers).
REPORT_FIGURES_MINIMUM = env.int("REPORT_FIGURES_MINIMUM", default=10)
FRAUD_REPORT_URL = env("FRAUD_REPORT_URL", default="https://www.actionfraud.police.uk/")
# Renewal reminders for granted certificates (permits.services.reminders): days before expiry,
# each stage emailed once; a missed stage is sent late, only the most recent one.
PERMIT_REMINDER_DAYS = tuple(env.list("PERMIT_REMINDER_DAYS", cast=int, default=[90, 30, 7]))
# Extra entries for a neighbourhood's Atom feed, from apps concerns does not import: dotted
# paths of functions taking the neighbourhood and returning entries (concerns.feeds).
NEIGHBOURHOOD_FEED_EXTRAS = ["permits.feeds.notice_entries"]

# Apps add demo data to `manage.py seed_demo` by naming a function returning (label, step) pairs.
DEMO_SEEDERS = [
    "concerns.demo.seed_steps",
    "moderation.demo.seed_steps",
    "social.demo.seed_steps",
    "reports.demo.seed_steps",
    "permits.demo.seed_steps",
]

SERVICE_NAME = "Engage"
FORCE_NAME = env("FORCE_NAME", default="Metropolitan Police")
# The force's id in the data.police.uk-compatible API (/api/forces/<FORCE_ID>, /api/<FORCE_ID>/...).
FORCE_ID = env("FORCE_ID", default="metropolitan")
FORCE_URL = env("FORCE_URL", default="https://www.met.police.uk/")
FORCE_TELEPHONE = env("FORCE_TELEPHONE", default="101")

# --- X team feeds (social) ----------------------------------------------------------------------
# Their defaults and meaning live in social/conf.py alone; the environment may override these.
# A variable that is not set defines no setting here, so social.conf's default applies.
for _name, _cast in {
    "X_BEARER_TOKEN": str,
    "X_CONSUMER_KEY": str,
    "X_CONSUMER_SECRET": str,
    "X_API_BASE_URL": str,
    "X_TIMEOUT_SECONDS": float,
    "X_REQUEST_BUDGET": int,
    "X_FEED_POLL_SECONDS": int,
    "X_FEED_MAX_PER_TICK": int,
    "X_FEED_SPREAD_SECONDS": int,
    "X_FEED_LEASE_SECONDS": int,
    "X_TOKEN_KEYS": list,
}.items():
    if _name in env:
        globals()[_name] = env.get_value(_name, cast=_cast)
del _name, _cast
# Set by `make run` when it starts the loopback fake X (engage/demo/fake_x.py): the demo's
# Camden Town team then cross-posts and syncs through it.
DEMO_FAKE_X = env.bool("DEMO_FAKE_X", default=False)
# --- end of X team feeds ----------------------------------------------------------------------
