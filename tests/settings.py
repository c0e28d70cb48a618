"""Test settings: production-shaped (DEBUG off), with what tests need overridden."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "k" * 40)
os.environ.setdefault("DEBUG", "false")

from engage.settings import *  # noqa: E402,F403
from engage.settings import BASE_DIR, DATABASES  # noqa: E402

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Fast hashing everywhere; the lockout tests spy on this hasher to prove it never runs.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The browser talks plain HTTP to a loopback server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so the live server thread shares the test database; one per test
    # process, so two suites running at once on one checkout do not corrupt each other's.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
    }

SIGNUP_RATE_PER_IP = 3
REPLY_EMAIL_BATCH_SECONDS = 0  # reply emails at once; tests of batching set a window
ROOT_URLCONF = "tests.urls"

# The live-server thread must not hold a connection open past a request: PostgreSQL refuses to
# drop the test database while a session is still attached to it.
DATABASES["default"]["CONN_MAX_AGE"] = 0

# The origin tests' communicators send (SITE_URL stays http://127.0.0.1:8000).
WEBSOCKET_ALLOWED_ORIGINS = ["http://localhost"]

# Case documents in a private folder per test run (removed with the machine's temp files).
import tempfile  # noqa: E402

PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="engage-private-")
