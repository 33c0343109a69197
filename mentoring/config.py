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
    # MENTORING_TIME_ZONE: times are stored in UTC and shown in this zone (an IANA name).
    TIME_ZONE = "America/Chicago"

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
    EMAIL_CHANGE_MAX_AGE = timedelta(hours=24)

    # Rate limits: memory:// counts per process, so production refuses it and uses Redis.
    RATELIMIT_STORAGE_URI = "memory://"
    # Said outright: Flask-Limiter's one limiter object otherwise keeps the setting of the last
    # app it was initialised with (one test's app with limits off turned them off for the next).
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT = "10 per minute"

    # Mail: "file" writes to instance/outbox in development; "smtp" in production.
    MAIL_BACKEND: str | None = None
    # MENTORING_MAIL_QUEUE: who sends the queued mail (core/mail.py): "worker" (production's
    # default: run `flask mail worker`), "thread" (development's: a thread of the server) or
    # "inline" (tests: right after each commit).
    MAIL_QUEUE: str | None = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "Counselor Mentoring Program <mentoring@localhost>"

    ITEMS_PER_PAGE = 25

    # Request sizes. A form without a file is at most 3 text boxes of 4,000 characters (a
    # meeting), 144 KB if every character took 4 bytes of UTF-8 and each byte 3 of
    # percent-encoding: 256 KB leaves room. The largest file is a 2 MB roster or certificate
    # PDF; the pages that take one (core/limits.takes_upload) accept that plus a form.
    MAX_FORM_CONTENT_LENGTH = 256 * 1024
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024 + MAX_FORM_CONTENT_LENGTH

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    # Completion certificates: who issues and signs them (certificates/issuer.py). Production
    # must set them all (the logo and signature images are PNG or JPEG files named relative to
    # the instance folder or static/); development uses the demo program of the seeds. Each
    # certificate keeps what it was issued with, so changing these never alters one issued.
    CERTIFICATE_DEPARTMENT: str | None = None
    CERTIFICATE_ASSOCIATION: str | None = None
    CERTIFICATE_PROGRAM: str | None = None
    CERTIFICATE_SIGNATORY_NAME: str | None = None
    CERTIFICATE_SIGNATORY_TITLE: str | None = None
    CERTIFICATE_LOGOS: list[str] | None = None  # one or two images
    CERTIFICATE_SIGNATURE_IMAGE: str | None = None  # optional
    CERTIFICATE_SERIAL_PREFIX = "MO-SCMP"
    # The portable credentials' Ed25519 signing keys (MENTORING_CREDENTIAL_KEYS): a folder of
    # PEM files, outside the database; default instance/credential-keys.
    CREDENTIAL_KEYS_PATH: str | None = None
    # The address printed on certificates and in their QR codes, before /verify/<code>. Set it
    # once (MENTORING_PUBLIC_URL): a certificate's bytes, and so its stored SHA-256, depend on it.
    # Emailed links start with it too. Production requires it; development defaults to
    # http://127.0.0.1:5000.
    PUBLIC_URL: str | None = None
    # MENTORING_TRUSTED_HOSTS: the Host names the app answers (Flask refuses others with a 400).
    # Production defaults to PUBLIC_URL's host; development answers any.
    TRUSTED_HOSTS: list[str] | None = None
    VERIFY_LIMIT = "30 per minute"  # public verification, against guessing codes
