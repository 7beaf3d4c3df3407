"""The test suite: fast hashing, tasks run inline, in-memory e-mail and cache."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PRIVATE_FILES_ACCEL_PREFIX = ""
PRIVATE_FILES_SIGNED_URLS = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"base_url": "/_private/"},
    },
    "public": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
API_THROTTLE_ANON = "100000/min"
API_THROTTLE_AUTH = "100000/min"
# A proof of work solved in a few milliseconds (tests and browser tests).
PARTICIPATION_ALTCHA_MAX_NUMBER = 1000
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # Several checkouts may share one PostgreSQL server: each names its own test database.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}  # noqa: F405
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# A replica alias mirroring the test database, for the router's tests; off unless a test
# sets REPLICA_READS (core/replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS = False
