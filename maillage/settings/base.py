"""Settings shared by every environment; everything that differs comes from the environment."""

import hashlib
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
# The app serves the public storage (logos) itself: development and the demo only.
SERVE_PUBLIC_MEDIA = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "maillage.core.admin_apps.MaillageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "ninja",  # serves the API documentation's scripts from our static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "widget_tweaks",
    "dsfr",
    "django_altcha",  # the ALTCHA widget's script, served from our static files (decision 0020)
    "maillage.core",
    "maillage.accounts",
    "maillage.territories",
    "maillage.api",
    # Capabilities: one line each.
    "maillage.programme",
    "maillage.network",
    "maillage.governance",
    "maillage.observatory",
    "maillage.watch",
    "maillage.community",
    "maillage.participation",
    "maillage.evaluation",
    "maillage.departments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "maillage.core.http.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database a request reads: the replica only before any write (core/replica.py).
    "maillage.core.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, limited to the languages with a catalogue (core/i18n.py).
    "maillage.core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "maillage.core.http.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "maillage.accounts.middleware.ProConnectSecondFactorMiddleware",
    "maillage.accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body (the CSRF check does): a too large upload is refused
    # unread (core/uploads.py).
    "maillage.core.uploads.UploadSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.core.http.LoginRedirectMiddleware",
    # The database unreachable: a French 503 with Retry-After (core/resilience.py).
    "maillage.core.resilience.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: an anonymous page kept whole goes out through every middleware above
    # (core/page_cache.py, docs/decisions/0024-anonymous-page-cache.md).
    "maillage.core.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"
ASGI_APPLICATION = "maillage.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "maillage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.core.context_processors.site",
                "maillage.territories.context_processors.switcher",
            ],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"


def prepare_statements(database: dict) -> None:
    """Prepared statements on a PostgreSQL database (docs/decisions/0022-prepared-
    statements.md): a query run twice on a connection is prepared, and PostgreSQL stops
    planning it at each request once its generic plan is as good (it spent 3-4 ms planning
    each access-filtered query for 0.3 ms of execution). Off behind a pooler in
    transaction mode: DATABASE_PREPARED_STATEMENTS=0."""
    if not env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        return
    options = database.setdefault("OPTIONS", {})
    options.setdefault("server_side_binding", True)
    options.setdefault("prepare_threshold", env.int("DATABASE_PREPARE_THRESHOLD", default=2))


DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    prepare_statements(DATABASES["default"])

# Heavy read-only selectors on a PostgreSQL replica when one is named (core/replica.py).
REPLICA_READS = bool(env("DATABASE_REPLICA_URL", default=""))
if REPLICA_READS:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    prepare_statements(DATABASES["replica"])
DATABASE_ROUTERS = ["maillage.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the ProConnect callback (accounts/proconnect.py); needed to keep the
    # session of those who signed in with it.
    "maillage.accounts.proconnect.ProConnectBackend",
]

# ProConnect (OpenID Connect) for public agents, docs/identity.md. Empty: no button.
# PROCONNECT_DOMAIN is the issuer, e.g. auth.proconnect.gouv.fr/api/v2 (https:// added
# when no scheme is given); its discovery document gives every endpoint.
PROCONNECT_DOMAIN = env.str("PROCONNECT_DOMAIN", default="")
PROCONNECT_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env.str("PROCONNECT_CLIENT_SECRET", default="")
PROCONNECT_TIMEOUT = env.int("PROCONNECT_TIMEOUT", default=10)
# What the sign-in asks for, and which acr values attest a second factor: those count as
# Maillage's own TOTP for coordinators and admins.
PROCONNECT_ACR_VALUES = env.list("PROCONNECT_ACR_VALUES", default=["eidas1"])
PROCONNECT_MFA_ACR_VALUES = env.list("PROCONNECT_MFA_ACR_VALUES", default=["eidas2", "eidas3"])
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
CSRF_FAILURE_VIEW = "maillage.core.views.csrf_failure"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions end after eight working hours, or when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How many reverse proxies stand in front of the web processes: the client's address is the
# X-Forwarded-For entry they added (see core.http.client_ip). 0: use REMOTE_ADDR.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Content-Security-Policy (django-csp, docs/decisions/0017): every script, style, image and
# font comes from this site; no inline script, no inline style, no eval. htmx is told not
# to use eval nor to inject its indicator styles (meta htmx-config in base.html); values a
# template used to put in a style attribute are applied by maillage.js through the CSSOM,
# which the policy allows. data: images are the DSFR's icons and the MFA QR code.
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
if PROCONNECT_DOMAIN:
    # The sign-out form's redirect to ProConnect's session/end is checked against
    # form-action.
    from urllib.parse import urlsplit as _urlsplit

    _pc = PROCONNECT_DOMAIN if "://" in PROCONNECT_DOMAIN else f"https://{PROCONNECT_DOMAIN}"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_urlsplit(_pc).scheme}://{_urlsplit(_pc).netloc}"
    )
SECURE_REFERRER_POLICY = "same-origin"
# Features no page uses: the browser refuses them to the site and to anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Login throttling (django-axes): counters live in the database, shared by every web process.
AXES_CLIENT_IP_CALLABLE = "maillage.core.http.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# An address is also locked across usernames (password spraying): maillage/accounts/lockout.py.
AXES_HANDLER = "maillage.accounts.lockout.AddressLockoutHandler"
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "maillage.accounts.views.lockout"

OTP_TOTP_ISSUER = "Maillage"

# E-mails sent to an address someone types, per hour: (per address, per client address).
RATE_LIMITS = {
    "password_reset": (3, 10, 3600),
    "email_verification": (3, 10, 3600),
    "invitation": (3, 50, 3600),
    # Contributions without an account (participation): per territory, per connection.
    "anonymous_contribution": (500, 5, 3600),
}

# ALTCHA proof of work for contributions without an account (decision 0020): challenges
# are signed with this key (by default derived from SECRET_KEY), valid 20 minutes, and
# need at most this many hashes (a few seconds on a phone).
ALTCHA_HMAC_KEY = env(
    "ALTCHA_HMAC_KEY",
    default=hashlib.sha256(f"altcha:{SECRET_KEY}".encode()).hexdigest(),
)
ALTCHA_CHALLENGE_EXPIRE = 20 * 60 * 1000
PARTICIPATION_ALTCHA_MAX_NUMBER = env.int("PARTICIPATION_ALTCHA_MAX_NUMBER", default=100_000)

INVITATION_VALIDITY_DAYS = env.int("INVITATION_VALIDITY_DAYS", default=14)
EMAIL_VERIFICATION_VALIDITY_DAYS = 3

LANGUAGE_CODE = "fr"
# Each language is named in itself, so that someone who reads only that one finds it.
LANGUAGES = [
    ("fr", "Français"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("en", "English"),
]
# The switcher's choice is remembered for a year (core/i18n.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "maillage" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "maillage" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # The DSFR stylesheet without Marianne, for the collectivite theme (core/staticfiles.py).
    "maillage.core.staticfiles.CollectiviteDsfrFinder",
]
# Where generated static files are written before collectstatic picks them up.
MAILLAGE_BUILD_DIR = env.path("MAILLAGE_BUILD_DIR", default=str(BASE_DIR / "build"))

# The instance's identity (core/theme.py, docs/decisions/0019). "collectivite", the
# default, shows the territory's or the operator's own name, logo and colour and never
# the State's brand. "etat" shows the Marianne block, the Marianne typeface and the words
# « République française »: ONLY for an instance run by a State service on a .gouv.fr
# domain, as the DSFR's terms of use and circular 6411-SG require.
MAILLAGE_THEME = env.str("MAILLAGE_THEME", default="collectivite")
# Who runs the instance: name and logo (a static path or an absolute URL on this site)
# shown in the header of pages that belong to no territory.
MAILLAGE_OPERATOR_NAME = env.str("MAILLAGE_OPERATOR_NAME", default="")
MAILLAGE_OPERATOR_LOGO = env.str("MAILLAGE_OPERATOR_LOGO", default="")
# The instance's primary colour (#rrggbb, 4.5:1 against white text); a territory may set
# its own.
MAILLAGE_PRIMARY_COLOUR = env.str("MAILLAGE_PRIMARY_COLOUR", default="")

# Two storages (docs/decisions/0016-private-files.md). "default" is PRIVATE: every
# FileField without a storage of its own lands there, under a random name, and is read
# only through a view that asks the access engine (maillage.core.files). "public" holds
# the few files anyone may fetch by URL (organisation logos), under MEDIA_URL.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))
# Under a proxy that serves the private root from an ``internal`` location (nginx's
# X-Accel-Redirect), the view answers with an empty body and this prefix + the file's
# name; empty: the Python process streams the file itself.
PRIVATE_FILES_ACCEL_PREFIX = env("PRIVATE_FILES_ACCEL_PREFIX", default="")
# With S3-compatible storage, the view redirects to a signed URL valid this many seconds.
PRIVATE_FILES_URL_EXPIRY = env.int("PRIVATE_FILES_URL_EXPIRY", default=60)

# Uploads go to a storage backend that every process shares: the local disk by
# default, S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    _s3_options = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "access_key": env("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # Private files under their own prefix, read through short-lived signed URLs that the
    # download view issues after the access check; logos stay where they always were.
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "location": "private",
            "querystring_expire": PRIVATE_FILES_URL_EXPIRY,
        },
    }
    _public_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    PRIVATE_FILES_SIGNED_URLS = True
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Never served as is: the base URL only names nginx's internal location.
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/_private/"},
    }
    _public_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
    PRIVATE_FILES_SIGNED_URLS = False
STORAGES = {
    "default": _private_storage,
    "public": _public_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A shared cache: the database by default, Redis when REDIS_URL / CACHE_URL says so.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://maillage_cache"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Django's, writing a value in one statement (core/db_cache.py).
    CACHES["default"]["BACKEND"] = "maillage.core.db_cache.DatabaseCache"
    # Django culls a third of the table past 300 entries by default; each signed-in
    # reader keeps a copy of the pages they open (core/kept_parts.py, a few kB each).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis unreachable: a miss, logged, not an error (core/resilience.py); never wait long.
    CACHES["default"]["BACKEND"] = "maillage.core.resilience.ForgivingRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.5, socket_timeout=0.5
    )

# How long an anonymous page may be served as kept when nothing is written (what changes
# with time alone, a séance begun, shows within this delay); 0: never kept.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Maillage <ne-pas-repondre@maillage.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Optional machine translation of what residents write (docs/participation.md): a
# LibreTranslate-compatible server the operator runs. Empty: off.
LIBRETRANSLATE_URL = env("LIBRETRANSLATE_URL", default="")
LIBRETRANSLATE_API_KEY = env("LIBRETRANSLATE_API_KEY", default="")
LIBRETRANSLATE_TIMEOUT = env.int("LIBRETRANSLATE_TIMEOUT", default=10)

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Uploaded logos: checked for type and size before anything is stored.
LOGO_MAX_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body the platform reads (core/uploads.py): larger ones are refused
# before they are read, with a 413 and a French message. Forms hold lower limits of their own.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=32 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "maillage.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The shared library's documents (community/library): at most this size each.
LIBRARY_DOCUMENT_MAX_BYTES = env.int("LIBRARY_DOCUMENT_MAX_BYTES", default=30 * 1024 * 1024)

# API throttling (django-ninja), counted in the shared cache.
API_THROTTLE_ANON = env("API_THROTTLE_ANON", default="60/min")
API_THROTTLE_AUTH = env("API_THROTTLE_AUTH", default="600/min")
API_PAGE_SIZE = 50
# API tokens expire: the longest validity one may choose.
API_TOKEN_MAX_DAYS = 365

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO: keep PDF generation quiet.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
