"""Parvis settings. Every setting is read from the environment; defaults work on a laptop with SQLite."""

import json
import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from parvis.core.identity_providers import allauth_providers
from parvis.core.storage_settings import storages_from

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Development mode: verbose errors, console e-mail. Off in production.
DEBUG = env_bool("DEBUG", False)
# True under pytest, so that the suite never depends on the developer's environment.
TESTING = env_bool("PARVIS_TESTING", "pytest" in sys.modules)

# No production default for the secret: a development key is only allowed with DEBUG or in tests.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or set DEBUG=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-" + "x" * 20

# Reverse proxies in front of Parvis that append to X-Forwarded-For (nginx, a load balancer): the client's address
# is read that many entries from the right (parvis/core/network.py). 0, the default, ignores the header.
try:
    PARVIS_TRUSTED_PROXIES = int(os.environ.get("PARVIS_TRUSTED_PROXIES", "0") or 0)
except ValueError as error:
    raise ImproperlyConfigured("PARVIS_TRUSTED_PROXIES must be a whole number of proxies (0 when none).") from error
if PARVIS_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("PARVIS_TRUSTED_PROXIES must be 0 or more.")
# allauth reads the same count (its adapter asks parvis.core.network.client_ip anyway).
ALLAUTH_TRUSTED_PROXY_COUNT = PARVIS_TRUSTED_PROXIES

# Host names this instance answers to; comma separated.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The territory the instance serves: "departement:60", "commune:91228", "region:32" (comma separated for several).
PARVIS_TERRITORY = os.environ.get("PARVIS_TERRITORY", "departement:60")
# Shown in the header and the page titles.
PARVIS_SITE_NAME = os.environ.get("PARVIS_SITE_NAME", "Parvis")
# The style guide at /style/ (every component on one page): in development, and in the browser checks, which crawl it.
PARVIS_STYLE_GUIDE = env_bool("PARVIS_STYLE_GUIDE", DEBUG)
# The public address of the instance: every absolute link (e-mails, calendars, feeds, shared posts) starts with it
# (`core.links.absolute_url`); `make run` sets it to the address it serves.
PARVIS_BASE_URL = os.environ.get("PARVIS_BASE_URL", "http://localhost:8000").rstrip("/")
# A task whose e-mail could not be sent (mail server down) runs again, this many minutes later times the attempt,
# until this many runs failed (`core.mail.mail_task`).
# Federation (ActivityPub) may reach http://127.0.0.1: only for tests that start a second instance on this machine.
PARVIS_FEDERATION_ALLOW_LOOPBACK = env_bool("PARVIS_FEDERATION_ALLOW_LOOPBACK", False)
# "Authorized fetch": the federation's actors and objects answer a GET only when it is signed by a non-blocked server.
PARVIS_FEDERATION_AUTHORIZED_FETCH = env_bool("PARVIS_FEDERATION_AUTHORIZED_FETCH", False)
PARVIS_MAIL_ATTEMPTS = int(os.environ.get("PARVIS_MAIL_ATTEMPTS", "5"))
PARVIS_MAIL_RETRY_MINUTES = int(os.environ.get("PARVIS_MAIL_RETRY_MINUTES", "5"))
# Web Push: runs of a push to one device before giving up (minutes apart, as e-mails), and who the push services may
# contact about the instance (RFC 8292's `sub`, a mailto: or https: URL).
PARVIS_PUSH_ATTEMPTS = int(os.environ.get("PARVIS_PUSH_ATTEMPTS", "3"))
PARVIS_PUSH_CONTACT = os.environ.get("PARVIS_PUSH_CONTACT", "mailto:ne-pas-repondre@parvis.localhost")
# Accept push endpoints on http://127.0.0.1 (a push service started by a test). Never in production.
PARVIS_PUSH_ALLOW_LOCAL = env_bool("PARVIS_PUSH_ALLOW_LOCAL", False)
# Map tiles of the agenda map (any XYZ server; OpenStreetMap's asks heavy users to run their own) and their credit.
PARVIS_MAP_TILES_URL = os.environ.get("PARVIS_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PARVIS_MAP_ATTRIBUTION = os.environ.get(
    "PARVIS_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# The address search that places a report typed by its address (the Base Adresse Nationale's
# https://api-adresse.data.gouv.fr/search/, or a server answering its GeoJSON). Empty: such a report sits at its
# commune's centre, and says so. Only the address typed and the commune's INSEE code are sent, never who asks.
PARVIS_GEOCODER_URL = os.environ.get("PARVIS_GEOCODER_URL", "")
# Who runs the instance, for the legal pages (mentions légales, privacy notice, accessibility statement): each page
# says "to be completed by the operator" where a value is missing, and `check --deploy` warns (parvis/legal/checks.py).
PARVIS_OPERATOR_NAME = os.environ.get("PARVIS_OPERATOR_NAME", "")  # the publisher: the commune, the association…
PARVIS_OPERATOR_ADDRESS = os.environ.get("PARVIS_OPERATOR_ADDRESS", "")
PARVIS_OPERATOR_EMAIL = os.environ.get("PARVIS_OPERATOR_EMAIL", "")
PARVIS_OPERATOR_PHONE = os.environ.get("PARVIS_OPERATOR_PHONE", "")
# SIREN or SIRET of the publisher, or its RNA number for an association.
PARVIS_OPERATOR_IDENTIFIER = os.environ.get("PARVIS_OPERATOR_IDENTIFIER", "")
# A public authority acts under its public-interest task (GDPR art. 6-1-e), not under terms of use or a legitimate
# interest: the privacy notice names the legal bases accordingly.
PARVIS_OPERATOR_PUBLIC_BODY = env_bool("PARVIS_OPERATOR_PUBLIC_BODY", True)
PARVIS_PUBLICATION_DIRECTOR = os.environ.get("PARVIS_PUBLICATION_DIRECTOR", "")  # a person's name and title (LCEN)
PARVIS_HOST_NAME = os.environ.get("PARVIS_HOST_NAME", "")  # the hosting provider (LCEN art. 6)
PARVIS_HOST_ADDRESS = os.environ.get("PARVIS_HOST_ADDRESS", "")
PARVIS_HOST_PHONE = os.environ.get("PARVIS_HOST_PHONE", "")
# The data protection officer: an address or a postal contact people write to about their data.
PARVIS_DPO_CONTACT = os.environ.get("PARVIS_DPO_CONTACT", "")
# The accessibility statement (RGAA): "non" (not conform), "partial" or "full", the date of the last audit
# (YYYY-MM-DD, as the operator enters it) and its rate of conformity in percent when a human audit gave one.
PARVIS_ACCESSIBILITY_STATUS = os.environ.get("PARVIS_ACCESSIBILITY_STATUS", "partial")
PARVIS_ACCESSIBILITY_AUDIT_DATE = os.environ.get("PARVIS_ACCESSIBILITY_AUDIT_DATE", "")
PARVIS_ACCESSIBILITY_RATE = os.environ.get("PARVIS_ACCESSIBILITY_RATE", "")
# Where the source code of the running version is published (AGPL-3.0 section 13 asks a network service to offer
# it); empty, the footer links to the page that gives the licence and asks the operator for it.
PARVIS_SOURCE_URL = os.environ.get("PARVIS_SOURCE_URL", "")
# Directory of the official territorial data shipped with the project.
PARVIS_DATA_DIR = Path(os.environ.get("PARVIS_DATA_DIR", BASE_DIR / "parvis" / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    # The API's documentation page served from our own static files, not from a CDN (the CSP allows no other site).
    "ninja",
    "parvis.core",
    "parvis.territories",
    "parvis.accounts",
    "parvis.spaces",
    "parvis.posts",
    "parvis.polls",
    "parvis.network",
    "parvis.tv",
    "parvis.bulletins",
    "parvis.counter",
    "parvis.procedures",
    "parvis.moderation",
    "parvis.search",
    "parvis.agenda",
    "parvis.notifications",
    "parvis.neighbours",
    "parvis.messaging",
    "parvis.directory",
    "parvis.toolbox",
    "parvis.alerts",
    "parvis.figures",
    "parvis.opendata",
    # After the content apps: it listens to the kinds they register.
    "parvis.federation",
    "parvis.legal",
    # After every content app: it listens to the kinds they register (parvis/hosting/record.py).
    "parvis.hosting",
    "parvis.site",
    "parvis.digest",
    "parvis.easyread",
    "parvis.rights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, error pages included (parvis/core/csp.py).
    "parvis.core.csp.SecurityHeadersMiddleware",
    # Static files served by the application itself (`make run`, a server without nginx), compressed and cached for
    # a year under their hashed names; after the security headers so that they carry the CSP too.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Requests counted and timed by view name for /metrics (parvis/core/metrics.py); static files are not counted.
    "parvis.core.metrics.MetricsMiddleware",
    # Reads of a request that may lag go to the read replicas, and a write keeps the browser on the primary
    # (parvis/core/routers.py); before every middleware that reads the database.
    "parvis.core.routers.ReplicaReadsMiddleware",
    "parvis.core.middleware.RequestLogMiddleware",
    # Page views and visits per day, kind of page and commune, with no cookie nor identifier (figures/audience.py);
    # outside the visitors' page cache so that pages served from it count too.
    "parvis.figures.audience.AudienceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who acts and from which address and port, for the hosting log's rows (parvis/hosting/record.py).
    "parvis.hosting.record.HostingContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "parvis.core.middleware.NulByteMiddleware",
    # Any write through the site forgets the pages kept for visitors (parvis/core/pagecache.py).
    "parvis.core.pagecache.VisitorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "parvis.accounts.sessions.StaffSessionMiddleware",
    "parvis.accounts.middleware.StaffMustUseMfaMiddleware",
]

ROOT_URLCONF = "parvis.urls"
WSGI_APPLICATION = "parvis.wsgi.application"
ASGI_APPLICATION = "parvis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "parvis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "parvis.core.context_processors.instance",
                "parvis.legal.context_processors.footer",
                # The header's badges and queues, from one query on the person's row (parvis/site/header.py).
                "parvis.site.header.header",
            ],
        },
    },
]

# Database: SQLite (WAL, busy timeout, immediate transactions) unless DATABASE_URL points elsewhere.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # One test database per test process, so that two runs side by side (two checkouts, CI beside a developer's
    # run) never drop each other's database.
    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # A file, not memory, for the test database: live-server tests then get one connection per thread,
            # so that concurrency is real (an in-memory database would serialise every request on one connection).
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"parvis-test-{os.getpid()}.sqlite3")},
        }
    }
# Read replicas of the primary (PostgreSQL streaming replicas), comma separated: the reads of pages that may lag a
# little go there, never a read that follows the person's own write (parvis/core/routers.py). Each is the alias
# replica_1, replica_2…; in tests it mirrors the test database, so the router's paths run in the suite.
PARVIS_DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)
    if _replica["ENGINE"] != "django.db.backends.sqlite3":
        # A replica that drops packets costs two seconds, once per process and RETRY_AFTER (its reads then go to the
        # primary), not a request's whole time.
        _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    PARVIS_DATABASE_REPLICAS.append(f"replica_{_number}")
# Installed on every instance: without replicas, every read goes to the primary.
DATABASE_ROUTERS = ["parvis.core.routers.ReplicaRouter"]
# After a write, a browser's reads stay on the primary this many seconds: more than the replicas' worst lag.
PARVIS_REPLICA_LAG_SECONDS = int(os.environ.get("PARVIS_REPLICA_LAG_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds allauth's rate-limit counters and must be shared by every worker process: a table in the database
# (created by `migrate`), or Redis when REDIS_URL is set. Parvis's own counters need an atomic increment, which the
# database cache's `incr` is not: they live in Redis or in core's RateCounter table (parvis/core/ratelimit.py). The
# database cache is also where the cache falls back to while Redis does not answer (parvis/core/failover.py), as the
# task queue falls back to the database queue; entries are many small counters, hence the high ceiling.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "parvis_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "parvis.core.failover.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "parvis"),
            # Short timeouts: an unreachable Redis must cost a second, not a request's whole time.
            "OPTIONS": {"FALLBACK": "database", "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
        "database": DATABASE_CACHE,
    }
    TASKS = {
        "default": {
            "BACKEND": "parvis.core.failover.FailoverRQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    # A Redis that drops packets must not hold a request for minutes: connecting gives up after 2 s (then the tasks
    # go to the database queue). Only the connection: a worker's blocking wait for jobs must not time out.
    _separator = "&" if "?" in REDIS_URL else "?"
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL
            if "socket_connect_timeout" in REDIS_URL
            else f"{REDIS_URL}{_separator}socket_connect_timeout=2"
        }
    }
    INSTALLED_APPS += ["django_rq"]
else:
    CACHES = {"default": DATABASE_CACHE}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The shared part of post, event and space cards, rendered once per version (parvis/core/fragments.py): in each
# process's memory, since a version never goes stale and a lookup must cost less than the rendering it saves.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "parvis-fragments",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PARVIS_FRAGMENTS_MAX", "5000"))},
}
# Whole pages kept for visitors (parvis/core/pagecache.py): shared by every worker in Redis, else in each process's
# memory (the generation that forgets them all at the first write is in the default cache, shared either way).
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parvis-pages"}
)
# How long a page a visitor sees (no session, GET) is served again without being rendered; 0 turns that off (the
# default under pytest, where a test reads a page after a write made without a request).
PARVIS_VISITOR_PAGE_SECONDS = int(os.environ.get("PARVIS_VISITOR_PAGE_SECONDS", "0" if TESTING else "30"))
# How long a signed-in person's own reload of one of those pages is served again (same session, no write anywhere in
# between); 0 turns that off (the default under pytest, for the same reason).
PARVIS_PERSON_PAGE_SECONDS = int(os.environ.get("PARVIS_PERSON_PAGE_SECONDS", "0" if TESTING else "30"))
# How long what a signed-in person's pages work out about them (memberships, header badges) is kept across requests
# (parvis/core/viewer.py); any write starts over, so this only bounds an idle entry's life. 0 turns that off (the
# default under pytest, where tests write through the ORM between two pages; tests/site/test_viewer_cache.py has it on).
PARVIS_VIEWER_SECONDS = int(os.environ.get("PARVIS_VIEWER_SECONDS", "0" if TESTING else "600"))
# Small installs may run tasks inline: PARVIS_TASKS=immediate (the default under pytest; the tests of the queue
# itself switch back to the database back-end).
if os.environ.get("PARVIS_TASKS", "immediate" if TESTING else "") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: e-mail is the login, and it must be verified before the first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same page whether or not the address has an account ("if this address has
# an account, an e-mail is on its way"); the owner of an existing account is told by e-mail instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "parvis.accounts.adapter.AccountAdapter"
# Adds the required "I accept the charter" box to the sign-up form and records when it was ticked.
# Adds the name and the home commune too, so that a newcomer is welcomed with their commune's spaces and events.
ACCOUNT_SIGNUP_FORM_CLASS = "parvis.site.onboarding.SignupForm"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PARVIS_SITE_NAME}] "
# OpenID Connect sign-in (FranceConnect, ProConnect, the instance's own identity provider), configured per instance
# as a JSON list in PARVIS_OIDC_PROVIDERS, one object per provider: "id" (letters, digits, dashes: it is in the
# callback address /accounts/oidc/<id>/login/callback/), "name" (the button's words), "issuer" (the address whose
# /.well-known/openid-configuration describes it), "client_id", "secret", and optionally "scopes" (default openid,
# profile, email), "acr_values" (FranceConnect's eidas1...), "logo" (an image address for the button) and
# "trusted_email" (true only if the provider's "email_verified" can be trusted: then a person whose verified address
# matches an account signs in to it; otherwise they must sign in to their account first and link the provider).
try:
    PARVIS_OIDC_PROVIDERS = json.loads(os.environ.get("PARVIS_OIDC_PROVIDERS", "") or "[]")
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"PARVIS_OIDC_PROVIDERS is not valid JSON: {error}") from None


SOCIALACCOUNT_PROVIDERS = allauth_providers(PARVIS_OIDC_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "parvis.accounts.oidc.SocialAccountAdapter"
# A newcomer through a provider still sees the sign-up form once: their name, their commune and the charter.
SOCIALACCOUNT_AUTO_SIGNUP = False
# Email authentication is per provider ("trusted_email" above); when it signs someone in, the provider is linked.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The TOTP secrets and recovery seeds are encrypted in the database (parvis/core/encryption.py).
MFA_ADAPTER = "parvis.accounts.adapter.MFAAdapter"
# Fernet keys for the secrets kept in the database, comma-separated: the first encrypts, all decrypt (rotation in
# parvis/core/encryption.py). Unset: derived from SECRET_KEY, which `manage.py check --deploy` refuses.
PARVIS_FIELD_KEYS = [key for key in os.environ.get("PARVIS_FIELD_KEY", "").split(",") if key.strip()]
MFA_TOTP_ISSUER = PARVIS_SITE_NAME
# Signing in lands on the person's home; a newcomer, once the address is confirmed, on the welcome page.
LOGIN_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_REDIRECT_URL = "welcome"
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "welcome"
# Confirmed in another browser (not signed in there): sign in, then the welcome page.
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "/accounts/login/?next=/bienvenue/"
LOGIN_URL = "account_login"

# E-mail: the console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
# With the file-based back-end (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend): where mails land.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Parvis <ne-pas-repondre@parvis.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "parvis" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# A CDN in front of the site (its address, e.g. https://cdn.example.fr): static files and public media are linked
# through it (it fetches them from this site's /static/ and /media/), and the CSP allows it (parvis/core/csp.py).
# On S3, public media are linked at PARVIS_S3_PUBLIC_DOMAIN instead (a CDN in front of the bucket).
PARVIS_CDN_URL = os.environ.get("PARVIS_CDN_URL", "").rstrip("/")
if PARVIS_CDN_URL and not PARVIS_CDN_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("PARVIS_CDN_URL must be an address starting with https:// (or empty).")
STATIC_URL = f"{PARVIS_CDN_URL}/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "parvis" / "static"]
MEDIA_URL = f"{PARVIS_CDN_URL}/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files only their readers may fetch (private message attachments), served by Django views, never published as is.
PARVIS_PRIVATE_MEDIA_ROOT = Path(os.environ.get("PARVIS_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Media storages (parvis/core/storage_settings.py): the filesystem by default; S3-compatible object storage when
# PARVIS_S3_BUCKET is set (with PARVIS_S3_ENDPOINT_URL, PARVIS_S3_ACCESS_KEY_ID, PARVIS_S3_SECRET_ACCESS_KEY,
# PARVIS_S3_REGION; private files get signed URLs valid PARVIS_S3_URL_EXPIRE seconds).
STORAGES = storages_from(os.environ)
# With DEBUG off, static files get hashed names and compressed copies at `collectstatic` (served by WhiteNoise).
if not (DEBUG or TESTING):
    STORAGES["staticfiles"] = {"BACKEND": "parvis.core.staticfiles.HashedStaticFilesStorage"}
if PARVIS_PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PARVIS_PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT, which a web server publishes.")
# Who sends a private file's bytes once the checking view said yes: "" Django itself, "x-accel-redirect" nginx (an
# `internal` location PARVIS_SENDFILE_PREFIX aliased to PARVIS_PRIVATE_MEDIA_ROOT), "x-sendfile" Apache's mod_xsendfile.
PARVIS_SENDFILE = os.environ.get("PARVIS_SENDFILE", "")
if PARVIS_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured('PARVIS_SENDFILE must be "", "x-accel-redirect" or "x-sendfile".')
PARVIS_SENDFILE_PREFIX = os.environ.get("PARVIS_SENDFILE_PREFIX", "/private-media/")
# How long the hosting log keeps its rows: one year, as French hosting law asks (décret 2011-219).
PARVIS_HOSTING_LOG_DAYS = int(os.environ.get("PARVIS_HOSTING_LOG_DAYS", "365"))
# The audience measure (parvis/figures/audience.py): on unless turned off; counts reach the database at most this
# often (0 under pytest: each page at once); the cache that holds the day's salt and visit hashes (shared by the
# workers when Redis is set, else each process's memory: then a visitor may count once per worker).
PARVIS_AUDIENCE = env_bool("PARVIS_AUDIENCE", True)
PARVIS_AUDIENCE_FLUSH_SECONDS = int(os.environ.get("PARVIS_AUDIENCE_FLUSH_SECONDS", "0" if TESTING else "30"))
PARVIS_AUDIENCE_CACHE = os.environ.get("PARVIS_AUDIENCE_CACHE", "pages")
# How long page views and the daily figures are kept: 25 months, the CNIL's limit for audience measurement.
PARVIS_FIGURES_DAYS = int(os.environ.get("PARVIS_FIGURES_DAYS", "760"))
# Uploaded avatars above this size are refused before Pillow opens them.
PARVIS_AVATAR_MAX_BYTES = int(os.environ.get("PARVIS_AVATAR_MAX_BYTES", str(2 * 1024 * 1024)))
# A document of a group's files (parvis/toolbox): PDF, office file or picture, refused above this size (10 MB).
PARVIS_GROUP_FILE_MAX_BYTES = int(os.environ.get("PARVIS_GROUP_FILE_MAX_BYTES", str(10 * 1024 * 1024)))
# The web TV (parvis/tv). Per channel, unless its own limits say otherwise: the largest file (4 GB) and the longest
# video (3 hours). Uploads are received and transcoded in PARVIS_TV_WORK_DIR, a local folder (the chunks of a file
# are appended there whatever the storage), then the results go to the private storage.
PARVIS_TV_MAX_BYTES = int(os.environ.get("PARVIS_TV_MAX_BYTES", str(4 * 1024**3)))
# The largest document shared in the élus' network (PDF, office files), in bytes.
PARVIS_NETWORK_DOCUMENT_MAX_BYTES = int(os.environ.get("PARVIS_NETWORK_DOCUMENT_MAX_BYTES", str(20 * 1000**2)))
PARVIS_TV_MAX_SECONDS = int(os.environ.get("PARVIS_TV_MAX_SECONDS", str(3 * 3600)))
PARVIS_TV_WORK_DIR = Path(os.environ.get("PARVIS_TV_WORK_DIR", BASE_DIR / "tv-work"))
# One transcoding may take this many times the video's duration (plus ten minutes) before it is stopped.
PARVIS_TV_TIME_FACTOR = float(os.environ.get("PARVIS_TV_TIME_FACTOR", "6"))
# The languages captions may be given in (code, name in that language).
PARVIS_TV_CAPTION_LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("nl", "Nederlands"),
    ("fr-x-falc", "Français facile à lire"),
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict in production (DEBUG off), relaxed for local HTTP development.
SESSION_COOKIE_HTTPONLY = True
# How long a sign-in lasts: an inhabitant's session two weeks after their last visit; the operator's staff (and
# superusers) at most PARVIS_STAFF_SESSION_HOURS after they signed in, whatever they do (parvis/accounts/sessions.py).
SESSION_COOKIE_AGE = int(os.environ.get("PARVIS_SESSION_DAYS", "14")) * 24 * 3600
PARVIS_STAFF_SESSION_HOURS = int(os.environ.get("PARVIS_STAFF_SESSION_HOURS", "8"))
# Sessions in the database, read through Redis when REDIS_URL is set (parvis/core/sessions.py); either reads a cookie
# which cannot be a session key (a NUL byte, an absurd length) as no session.
SESSION_ENGINE = "parvis.core.cached_sessions" if REDIS_URL else "parvis.core.sessions"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# PARVIS_HTTPS=0 serves a production-like instance over plain HTTP on a local port (benchmarks, crawler).
if env_bool("PARVIS_HTTPS", not (DEBUG or TESTING)):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Structured logs: one JSON object per line on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "parvis.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        "django.server": {"level": "WARNING", "propagate": True},
    },
}

NINJA_PAGINATION_PER_PAGE = 20

# The bearer token Prometheus sends to /metrics (parvis/core/metrics.py); empty, the page does not exist.
PARVIS_METRICS_TOKEN = os.environ.get("PARVIS_METRICS_TOKEN", "")

# A person's download of all their data stays this many days, then goes (`rights`); it is downloaded once.
PARVIS_EXPORT_DAYS = int(os.environ.get("PARVIS_EXPORT_DAYS", "7"))
# The download holds the MP4 of each of the person's videos up to this size (bytes); a larger one is listed with its
# page's address, so that one long council session does not make the zip too large to be built or downloaded.
PARVIS_EXPORT_VIDEO_MAX_BYTES = int(os.environ.get("PARVIS_EXPORT_VIDEO_MAX_BYTES", str(200 * 1000**2)))
# How long Parvis keeps what `manage.py retention` removes (`parvis/rights/retention.py`, one rule each), in days.
# A guest's answer to an event whose address was never confirmed (it may have been typed by someone else).
PARVIS_RETENTION_GUEST_ANSWERS_DAYS = int(os.environ.get("PARVIS_RETENTION_GUEST_ANSWERS_DAYS", "7"))
# Expired or revoked residence codes, revoked API tokens and calendar addresses, the claims of sent e-mails.
PARVIS_RETENTION_TOKENS_DAYS = int(os.environ.get("PARVIS_RETENTION_TOKENS_DAYS", "30"))
# Notifications, read or not: the inbox is news, not an archive.
PARVIS_RETENTION_NOTIFICATIONS_DAYS = int(os.environ.get("PARVIS_RETENTION_NOTIFICATIONS_DAYS", "180"))
# The earlier texts of edited posts.
PARVIS_RETENTION_EDIT_HISTORY_DAYS = int(os.environ.get("PARVIS_RETENTION_EDIT_HISTORY_DAYS", "365"))
# The audit log of acts of authority: long enough to answer a dispute or an appeal about a decision.
PARVIS_RETENTION_AUDIT_DAYS = int(os.environ.get("PARVIS_RETENTION_AUDIT_DAYS", str(3 * 365)))
# Files no row points to, once older than this (a younger one may belong to an upload under way).
PARVIS_RETENTION_ORPHAN_FILES_DAYS = int(os.environ.get("PARVIS_RETENTION_ORPHAN_FILES_DAYS", "1"))

# Per-person limits on posting, commenting and reporting (parvis/core/ratelimit.py). Off under pytest, where the
# same few people create hundreds of posts; the rate-limit tests switch it on.
PARVIS_RATE_LIMITS = env_bool("PARVIS_RATE_LIMITS", not TESTING)
# The browser checks' instance (tests/e2e/instance.py) turns these off: counted per window of the wall clock, they
# would make a run's result depend on how fast the machine is. The unit tests check the limits themselves.
if not env_bool("PARVIS_ACCOUNT_RATE_LIMITS", True):
    ACCOUNT_RATE_LIMITS = False
# Seconds after signing in during which allauth does not ask for the password again before sensitive pages.
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("PARVIS_REAUTHENTICATION_TIMEOUT", "300"))

if TESTING:
    # Hashing is not what the suite tests; a fast hasher keeps hundreds of sign-ins cheap.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = Path(tempfile.gettempdir()) / "parvis-test-media"
    PARVIS_PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "parvis-test-private-media"
    # One folder per test process: uploads are kept there by video id, which every test database starts again at 1,
    # so two runs at once (SQLite and PostgreSQL) would write into each other's uploads.
    PARVIS_TV_WORK_DIR = Path(tempfile.gettempdir()) / f"parvis-test-tv-work-{os.getpid()}"
