"""Local development and `make demo`: SQLite, console e-mail, static files and public
media served by the app itself. Debug is off by default, so that the demo shows Maillage's
own error pages (404, 500) as production does, never Django's list of URLs: `DEBUG=1 make
demo` turns Django's debug pages on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
# Served by the app without a front web server: static files through WhiteNoise's finders
# (whatever DEBUG says), the public storage's logos through urls.py.
SERVE_PUBLIC_MEDIA = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
