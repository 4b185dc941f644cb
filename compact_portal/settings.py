"""Settings for Compact Portal.

Every value that differs between machines is read from the environment here, and
only here; `.env.example` lists them. With nothing set, the portal runs on the
embedded defaults: SQLite, a filesystem message broker and mail on the console.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DEBUG=true for a local run."
        )
    SECRET_KEY = "insecure-local-key-for-debug-runs-only"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# What the portal calls itself in pages, e-mails and authenticator apps.
SITE_NAME = env.str("SITE_NAME", default="Compact Portal")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Index types and lookups of PostgreSQL; harmless on SQLite, which builds none of them.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "core",
    "outbox",
    "accounts",
    "commitments",
    "signatories",
    "accountability",
    "disputes",
    "reminders",
    "reviews",
    "audit",
]

MIDDLEWARE = [
    "core.metrics.RequestMetricsMiddleware",
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.SecondFactorRequiredMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.page_cache.PrivatePagesMiddleware",
]

ROOT_URLCONF = "compact_portal.urls"
WSGI_APPLICATION = "compact_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query whose estimate is large, such as the directory
    # export's per-row champion count: 1.3 s of compiling for 0.3 s of work, per request.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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

# django-allauth 65: the e-mail address is the login; it must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
# allauth's e-mails are the portal's own (templates/account/email/, templates/mfa/email/),
# in plain text, with links to SITE_URL: accounts.adapter.
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.PortalSignupForm",
    "login": "accounts.forms.PortalLoginForm",
    "reset_password": "accounts.forms.PortalResetPasswordForm",
    "reset_password_from_key": "accounts.forms.PortalResetPasswordKeyForm",
    "change_password": "accounts.forms.PortalChangePasswordForm",
    "set_password": "accounts.forms.PortalSetPasswordForm",
    "add_email": "accounts.forms.PortalAddEmailForm",
    "reauthenticate": "accounts.forms.PortalReauthenticateForm",
}
MFA_FORMS = {
    "activate_totp": "accounts.forms.PortalActivateTOTPForm",
    "authenticate": "accounts.forms.PortalAuthenticateForm",
    "reauthenticate": "accounts.forms.PortalReauthenticateMFAForm",
}
# A second factor: an authenticator app (TOTP), or a security key or passkey (WebAuthn),
# with recovery codes for a lost phone or key. Staff and steering-group members must use
# one (core.two_factor); anyone may.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Browsers allow WebAuthn only over HTTPS, and on http://localhost for a local run.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Limits on forms that e-mail people or make records for others (core.limits): how many
# times each may be used, per signed-in person ("user") and per internet address ("ip").
# Each is set well above what one person doing honest work needs, and well below what
# would let the portal be used to send unwanted mail or to guess. Per-address figures are
# higher than per-person ones because a council or NHS office shares one address.
PORTAL_RATE_LIMITS = {
    # A concern e-mails the steering group once submitted; drafts are saved by the same
    # form, so a person fixing errors may post it often. Bodies raise a few a year.
    "raise_concern": "20/h/user,60/h/ip",
    # Sign-up journey: each step saves; the person may go back and forth. The last step
    # e-mails the steering group, so it has a lower limit of its own.
    "signup_step": "60/h/user,200/h/ip",
    "signup_submit": "5/h/user,20/h/ip",
    # Invitations e-mail any address typed: enough for an administrator to invite a whole
    # team in one sitting, not enough to mail a list.
    "invitation_send": "30/h/user,100/d/user,60/h/ip",
    # Accepting: tokens are long and random, but a limit stops guessing at once.
    "invitation_accept": "10/h/user,30/h/ip",
    # A join request e-mails strangers (the organisation's administrators): a person asks
    # to join one or two organisations, not dozens.
    "join_request": "5/h/user,20/h/ip",
    # A response to a funding change and a consultation's published feedback each e-mail
    # the other side.
    "funding_response": "20/h/user,60/h/ip",
    "consultation_feedback": "10/h/user,30/h/ip",
    # Feedback e-mails the team and needs no account.
    "feedback": "5/h/user,20/h/ip",
    # The certificate check answers whether a code exists: enough for a person checking a
    # handful of certificates, far too few to guess 12-character codes.
    "certificate_check": "30/h/ip",
}
# allauth's own limiter, for its forms (sign-in, sign-up, password reset), in the same
# shared cache. Actions not listed keep allauth's defaults, which suit them: sign-in
# 30/m/ip; failed sign-ins 10/m/ip and 5 in 5 minutes per account; a new verification
# e-mail once in 3 minutes per address; following a reset link 20/m/ip.
ACCOUNT_RATE_LIMITS = {
    # Each sign-up sends a verification e-mail: an office signing its team up together
    # fits; a script creating accounts does not.
    "signup": "20/h/ip",
    # Each reset e-mails the account's owner: three an hour per address is plenty for a
    # person who lost the first e-mail, and stops anyone flooding someone's inbox.
    "reset_password": "20/h/ip,3/h/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:tasks"  # "Your tasks": what waits for the person
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# `static/` holds the portal's own files; `assets/` is built by the set-up from
# packages (GOV.UK Frontend, axe-core) and never committed.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "assets"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = ["govuk"]
CRISPY_TEMPLATE_PACK = "govuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# Sessions live in the database and the cache in Redis, so any web process can
# serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Shared by every process, so allauth's rate limits hold across them; while Redis is
    # unreachable it answers from a local cache, so people can still sign in (core.cache).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages for anonymous visitors (core.page_cache): kept in the cache until what they
# show changes, or for this long at most; a proxy or browser may keep them for max-age.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=3600)
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)

# Celery. Without a broker URL the embedded run uses kombu's filesystem
# transport, so a worker and beat run with no server at all.
CELERY_BROKER_DIR = BASE_DIR / "var" / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Broadcasts (`celery call`, inspect) default to ./control in the working folder.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When the broker goes away, a task running with acks_late can no longer be
# acknowledged: stop it and let the broker hand it out again (every task here is safe
# to run twice) rather than finish it on a connection that is gone.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = TIME_ZONE
# The worker logs through LOGGING (JSON lines, request ids), not a format of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The reminders' sweep is cheap when nothing is due, so it runs often; it queues
# its e-mails in the outbox. Digests and the reconcile run once a day.
# Every e-mail waits in the outbox until sent; one sweep interval is the longest one
# waits after its time (a lost task, a broker restart, a mail server back up), and a
# row a worker took and lost is leased for that long (outbox.services.SWEEP_INTERVAL).
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.sweep", "schedule": float(OUTBOX_SWEEP_SECONDS)},
    "reminders-sweep": {"task": "reminders.tasks.sweep", "schedule": 300.0},
    "reminders-digest": {
        "task": "reminders.tasks.send_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "reminders-reconcile": {
        "task": "reminders.tasks.reconcile",
        "schedule": crontab(hour=3, minute=15),
    },
    # Closed cases' documents and personal details, past their compact's retention period.
    "disputes-retention": {
        "task": "disputes.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
}

# /healthz answers 503 when a sweep last completed, or the oldest e-mail still waiting
# was queued, longer ago than these (seconds): a few missed runs, not one slow one.
HEALTH_OUTBOX_SWEEP_MAX_AGE = env.int("HEALTH_OUTBOX_SWEEP_MAX_AGE", default=300)
HEALTH_REMINDERS_SWEEP_MAX_AGE = env.int("HEALTH_REMINDERS_SWEEP_MAX_AGE", default=900)
HEALTH_UNDELIVERED_EMAIL_MAX_AGE = env.int("HEALTH_UNDELIVERED_EMAIL_MAX_AGE", default=1800)


def _mailers_from_url(url: str) -> dict:
    """Turn EMAIL_URL (smtp://user:pass@host:587?tls=1, console://, locmem://) into MAILERS."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    if parts.scheme == "locmem":
        return {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if parts.scheme in ("smtp", "smtps"):
        query = parse_qs(parts.query)
        options = {
            "host": parts.hostname,
            "port": parts.port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", ["0"])[0] in ("1", "true"),
            "timeout": 10,
        }
        return {
            "default": {
                # Django's, keeping the server's answer for the outbox's record.
                "BACKEND": "core.smtp.EmailBackend",
                "OPTIONS": options,
            }
        }
    raise ImproperlyConfigured(f"EMAIL_URL has a scheme the portal does not know: {url!r}")


EMAIL_URL = env.str("EMAIL_URL", default="console://" if DEBUG else "")
if not DEBUG and urlsplit(EMAIL_URL).scheme not in ("smtp", "smtps", "locmem"):
    # The console mailer would print password-reset and verification links into the
    # server's log, where anyone who reads the log could take over an account.
    raise ImproperlyConfigured(
        "EMAIL_URL must name a mail server (smtp://user:password@host:587?tls=1) when "
        "DEBUG is off; console:// is for a local run with DEBUG=true."
    )
MAILERS = _mailers_from_url(EMAIL_URL)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@compact.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the feedback form's messages go: the team that runs the portal.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="feedback@compact.example")
# Public figures show a count below this as "fewer than N" (core.disclosure).
PUBLIC_FIGURES_THRESHOLD = env.int("PUBLIC_FIGURES_THRESHOLD", default=5)
# Whom to tell about a vulnerability: /.well-known/security.txt and README.
SECURITY_CONTACT = env.str(
    "SECURITY_CONTACT", default=f"mailto:security@{urlsplit(SITE_URL).hostname or 'localhost'}"
)
# Where the disclosure policy is published, if anywhere (security.txt's Policy line).
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")

# Security. The Content-Security-Policy allows only the portal's own files, and the one
# inline script of templates/base.html (GOV.UK Frontend's "js-enabled" line) by its hash:
# a nonce would differ per response, and public pages are served from the cache.
BASE_INLINE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, BASE_INLINE_SCRIPT_HASH],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The load balancer and the monitoring reach these inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
# /metrics answers only requests bearing "Authorization: Bearer <METRICS_TOKEN>"; empty: 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# A case's form takes up to 10 files, 25 MB together (disputes.attachments, with a
# message beside the field); a request with more than twice that many files is refused
# before it is read (400).
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Uploaded evidence for disputes is kept outside the public web root.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))

# JSON lines in production, for the log collector; a line a person reads in a local run.
# Every line carries the request's id (core.logs): the X-Request-ID header, in and out.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Error reports to Sentry, only when SENTRY_DSN is set; never with personal data
# (no cookies, no user, no request bodies): the portal holds people's details.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
