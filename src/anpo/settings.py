"""anpo settings: one environment-driven module.

Every value comes from the environment with a demo-friendly default, so that
``make run`` works on a fresh machine (SQLite under ``var/``) and production is
configured with environment variables only (see docs/deploy.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent  # src/anpo
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ANPO_VAR_DIR", REPO_DIR / "var"))

INSECURE_DEFAULT_SECRET_KEY = "django-insecure-anpo-demo-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; anything but the usual spellings is an error, not False."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def var_secret(path: Path, nbytes: int = 48) -> str:
    """A random secret kept in a file under var/ (created 0600 on first use): demo keys only."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it a moment ago
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", True)
# Demo mode (demo accounts, console e-mail, plain HTTP on loopback) follows DEBUG unless set
# explicitly. ``make run`` serves the demo with DEBUG off and ANPO_DEMO on: the production server
# and error pages, demo data, and a secret key generated under var/.
ANPO_DEMO = env_bool("ANPO_DEMO", DEBUG)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    SECRET_KEY = (
        var_secret(VAR_DIR / "demo-secret-key")
        if ANPO_DEMO and not DEBUG
        else INSECURE_DEFAULT_SECRET_KEY
    )
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the demo default or shorter than 40 characters: "
        "set a long random SECRET_KEY in the environment."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [*LOOPBACK_HOSTS, "testserver"])
if ANPO_DEMO and not DEBUG and not set(ALLOWED_HOSTS) <= {*LOOPBACK_HOSTS, "testserver"}:
    # The demo accounts' password is published: a demo served by the production server
    # answers on this machine only.
    raise ImproperlyConfigured(
        "ANPO_DEMO is on with DEBUG off: ALLOWED_HOSTS may only name loopback addresses."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "anpo.core",
    "anpo.accounts",
    "anpo.records",
    "anpo.screening",
    "anpo.training",
    "anpo.assessment",
    "anpo.classification",
]

MIDDLEWARE = [
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "anpo.core.middleware.HealthzMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "anpo.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "anpo.core.middleware.UserLanguageMiddleware",
    "anpo.accounts.access.ReadOnlyUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "anpo.core.middleware.FuriganaMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anpo.urls"
WSGI_APPLICATION = "anpo.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "anpo.core.context_processors.anpo",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'anpo.sqlite3'}"),
        # Persistent connections (per web thread and worker), checked before reuse: no connection
        # set-up per request, and a connection the database dropped is replaced, not an error.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # anpo.core.sqlite = Django's backend whose JSON1 probe does not wait for the write lock.
    DATABASES["default"]["ENGINE"] = "anpo.core.sqlite"
    # Test runs keep Django's default for SQLite (an in-memory database per test process);
    # pytest-django recognises that default only by the stock ENGINE name.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # WAL lets readers go on while one process writes; IMMEDIATE takes the write lock when a
    # transaction begins (no failing lock upgrade halfway through); the busy timeout turns write
    # contention into a short wait instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock an account+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10)
# Production is served over HTTPS (behind the proxy); development and the demo over plain HTTP.
HTTPS = env_bool("ANPO_HTTPS", not DEBUG and not ANPO_DEMO)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Monitoring probes the app directly over plain HTTP (docs/deploy.md): no redirect for /healthz.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = (
    "DENY"  # views that must be framed (SCORM player) opt in with @xframe_options_sameorigin
)
# Content-Security-Policy on every response (Django's ContentSecurityPolicyMiddleware): scripts,
# styles, fonts and images from anpo itself only; no inline script or style attribute (a
# ``<script>``/``<style>`` element that must be inline carries ``nonce="{{ csp_nonce }}"``).
# Lesson videos may come from the institution's media server over HTTPS. SCORM packages, which
# run their own inline scripts, get a separate policy on their files only (training.views).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "media-src": [CSP.SELF, "https:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The files of an imported SCORM package (uploaded by the training office): authoring tools emit
# inline scripts, styles and data: URLs; the package is shown only inside anpo's lesson page.
ANPO_SCORM_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF, "data:", "blob:", "https:"],
    "frame-ancestors": [CSP.SELF],
}

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "anpo_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Upload limits: list files and bulk imports are large but bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ANPO_MAX_UPLOAD_BYTES = env_int("ANPO_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)

# E-mail: EMAIL_URL such as smtp://user:pass@host:587/?tls=1, or console:// (demo default).
EMAIL_URL = os.environ.get(
    "EMAIL_URL", "console://" if DEBUG or ANPO_DEMO else "smtp://localhost:25"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "anpo <noreply@anpo.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _mailers(url: str) -> dict[str, dict[str, object]]:
    """EMAIL_URL -> Django's MAILERS setting."""
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {sorted(backends)}, not {parts.scheme!r}"
        )
    query = parse_qs(parts.query)
    options: dict[str, object] = {}
    if parts.scheme.startswith("smtp"):
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": query.get("tls", ["0"])[0] in {"1", "true"},
            "use_ssl": parts.scheme == "smtps",
            "timeout": 30,
        }
    if parts.scheme == "file":
        options = {"file_path": parts.path or str(VAR_DIR / "mail")}
    return {"default": {"BACKEND": backends[parts.scheme], "OPTIONS": options}}


MAILERS = _mailers(EMAIL_URL)


# Background work: Django's Tasks API, executed by the database-backed worker
# (`anpo worker`). Tests run tasks immediately unless they ask otherwise.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "anpo API",
    "DESCRIPTION": "Security export control platform: screening, training and records.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The worker adds its own handler when a logger has none; giving them ours avoids double lines.
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The audit chain's HMAC keys, kept outside the database (records.keys, docs/audit.md):
# ANPO_AUDIT_KEYS="id:secret;id:secret" or a key file (created in development and the demo).
ANPO_AUDIT_KEYS = os.environ.get("ANPO_AUDIT_KEYS", "")
ANPO_AUDIT_KEY_FILE = Path(os.environ.get("ANPO_AUDIT_KEY_FILE", VAR_DIR / "audit-keys"))
ANPO_AUDIT_KEY_ID = os.environ.get("ANPO_AUDIT_KEY_ID", "")
# Signed daily checkpoints of the chain head are written here (ideally storage the database
# administrators cannot change: another machine's share, WORM storage) and e-mailed to these
# addresses (default: the export control office and the chief officer's accounts).
ANPO_AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("ANPO_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
)
ANPO_AUDIT_CHECKPOINT_EMAILS = env_list("ANPO_AUDIT_CHECKPOINT_EMAILS", [])

# How old the newest worker heartbeat may be before /healthz reports the worker down.
ANPO_WORKER_STALE_SECONDS = env_int("ANPO_WORKER_STALE_SECONDS", 90)
# Where restricted-party list files live (one folder per source).
ANPO_LISTS_DIR = Path(os.environ.get("ANPO_LISTS_DIR", VAR_DIR / "lists"))


def env_url_map(name: str) -> dict[str, list[str]]:
    """``source=url[|url...];source=url`` -> {source: [urls]}; a malformed value is an error."""
    raw = os.environ.get(name, "").strip()
    mapping: dict[str, list[str]] = {}
    for part in filter(None, (piece.strip() for piece in raw.split(";"))):
        source, sep, urls = part.partition("=")
        if not sep or not source.strip() or not urls.strip():
            raise ImproperlyConfigured(
                f"{name} must look like 'source=url|url;source=url', not {part!r}"
            )
        mapping[source.strip()] = [url.strip() for url in urls.split("|") if url.strip()]
    return mapping


# Official download URLs per list source for `anpo lists update`, overriding the registry defaults,
# e.g. ANPO_LIST_URLS="meti-eul=https://www.meti.go.jp/.../eul.xlsx;uk-sanctions-list=https://.../UK.xml"
ANPO_LIST_URLS = env_url_map("ANPO_LIST_URLS")
# Official sources of the control-list catalogue (tests point them at a local server).
ANPO_EGOV_API_BASE = os.environ.get("ANPO_EGOV_API_BASE", "https://laws.e-gov.go.jp/api/2")
ANPO_ECFR_API_TEMPLATE = os.environ.get(
    "ANPO_ECFR_API_TEMPLATE",
    "https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part=774",
)
