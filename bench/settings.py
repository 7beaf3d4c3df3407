"""Settings for `make bench`: the product's own settings and middleware, a bench URLconf
that adds the trivial baseline view, and a PostgreSQL database of the bench's own.

The middleware stack is the one production runs (``maillage.settings.production`` only
adds HTTPS-related flags), so a page's time divided by the trivial view's time is the cost
of the page itself."""

import warnings

from maillage.settings.base import *  # noqa: F403
from maillage.settings.base import env, prepare_statements

DEBUG = False
SECRET_KEY = "bench-secret-key-not-for-production-" + "x" * 32
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {
    "default": env.db(
        "BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/bench_maillage"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
prepare_statements(DATABASES["default"])  # as production does (base.py)

# Pages render `{% static %}` without a collectstatic manifest; the manifest lookup that
# production does is a dictionary read and does not change the figures.
STORAGES = {
    # The project's two file storages as base.py sets them (private by default, public for
    # logos): the benchmark serves no file, but models name both.
    "default": STORAGES["default"],  # noqa: F405
    "public": STORAGES["public"],  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Sessions and cache stay where production keeps them by default: in the database.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A page answering 404 is reported by the harness itself, once.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "ERROR"}},
}

# WhiteNoise serves STATIC_ROOT in production; the bench measures pages, not static files,
# and does not run collectstatic.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
