"""Settings the benchmark serves the product with: engage.settings unchanged (DEBUG off, the
same middleware, templates, static storage and database options), pointed at the bench's own
PostgreSQL database and Redis, plus the bench URLconf (the product's URLs and one bare view).

Only what a load test on loopback needs differs, each line saying why. The bench client sends
`X-Forwarded-Proto: https` as nginx does in production, so HTTPS redirects, HSTS, secure
cookies and CSRF's origin check all run exactly as deployed.
"""

import os

from bench.load import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL

# The bench never touches the product's or the tests' databases, whatever the shell exports.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "b" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# One bench account posts hundreds of concerns a minute; the quota would refuse them.
os.environ.setdefault("SUBMISSIONS_PER_HOUR", "100000000")
os.environ.setdefault("UPDATES_PER_HOUR", "100000000")
# No access log or INFO chatter on stderr per request: the server's own CPU is what we measure.
os.environ.setdefault("LOG_LEVEL", "WARNING")

from engage.settings import *  # noqa: E402,F403
from engage.settings import BASE_DIR  # noqa: E402

ROOT_URLCONF = "bench.urls"
# collectstatic for the manifest storage writes here, not into the product's staticfiles/.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"
# A label, so the bench can find each server's PostgreSQL backends and read their CPU too.
DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = os.environ.get(  # noqa: F405
    "BENCH_DB_APPLICATION", "engage-bench"
)
