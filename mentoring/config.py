"""Configuration defaults. Plain constants only: nothing here touches the disk or the network."""

from datetime import timedelta


class DefaultConfig:
    """Defaults for development; instance/config.py and environment variables override them."""

    ENV_NAME = "development"  # MENTORING_ENV: development | production | testing
    SECRET_KEY: str | None = None  # MENTORING_SECRET_KEY; development creates one in instance/
    SQLALCHEMY_DATABASE_URI: str | None = None  # DATABASE_URL; default: SQLite in instance/
    ALLOW_SQLITE_IN_PRODUCTION = False  # MENTORING_ALLOW_SQLITE=1 for a single-server install
    # MENTORING_TRUSTED_PROXIES: how many proxies (load balancers) stand in front of the app and
    # set X-Forwarded-For and X-Forwarded-Proto. 0 trusts neither header (a client could forge
    # them); behind one load balancer, 1.
    TRUSTED_PROXIES = 0

    # Sessions: signed cookies, so any app server can read them.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True in production
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    # Changing a role, exporting personal data, changing one's password or email and revoking
    # certificates ask for the password (and second factor) again after this long.
    FRESH_SIGN_IN = timedelta(minutes=15)
    # No "remember me": Flask-Login's cookie is never set; these only harden it if it were.
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # A mentee may spend more than an hour on a reflection: tie the CSRF token to the session
    # instead of letting it expire after Flask-WTF's default hour.
    WTF_CSRF_TIME_LIMIT = None

    # Passwords: werkzeug's scrypt. Tests set a cheap method to keep the suite fast.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (an algorithm name)
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 128

    # Links in invitation and password-reset emails.
    INVITATION_MAX_AGE = timedelta(days=7)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)

    # Rate limits: memory:// counts per process, so production refuses it and uses Redis.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT = "10 per minute"

    # Mail: "file" writes to instance/outbox in development; "smtp" in production.
    MAIL_BACKEND: str | None = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "Counselor Mentoring Program <mentoring@localhost>"

    # Absolute links in emails when there is no request (CLI). Requests use their own host.
    SERVER_NAME: str | None = None
    PREFERRED_URL_SCHEME = "http"

    ITEMS_PER_PAGE = 25

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    # Completion certificates: who signs them, and the serial's prefix (MO-SCMP-2026-00042).
    # Each certificate keeps the signatory it was issued with, so changing these never alters
    # a certificate already issued.
    CERTIFICATE_SIGNATORY_NAME = "Program Director"
    CERTIFICATE_SIGNATORY_TITLE = "Office of Educator Quality, Department of Education"
    CERTIFICATE_SERIAL_PREFIX = "MO-SCMP"
    # The address printed on certificates and in their QR codes, before /verify/<code>. Set it
    # once (MENTORING_PUBLIC_URL): a certificate's bytes, and so its stored SHA-256, depend on it.
    PUBLIC_URL = "http://127.0.0.1:5000"
    VERIFY_LIMIT = "30 per minute"  # public verification, against guessing codes

    # Scheduled meetings and calendar files are in the program's time zone
    # (MENTORING_TIME_ZONE, an IANA name).
    PROGRAM_TIME_ZONE = "America/Chicago"
