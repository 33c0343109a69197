"""Who issues the certificates: the department, the association, the program, the signatory and
up to two logos or seals, all from the configuration.

Production must set every one of them (it refuses to issue otherwise, and refuses to start with
a logo it cannot read); development and tests fall back to the demo program of the seeds, the
Missouri Department of Elementary and Secondary Education with the Missouri School Counselor
Association. Images are read from the instance folder or static/, checked with Pillow (PNG or
JPEG, at most MAX_IMAGE_BYTES) and kept in the database with the certificates issued under
them, so a later configuration change never alters a certificate already issued.
"""

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mentoring.certificates.models import CertificateIssuer
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.extensions import db

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 1_000_000
MAX_LOGOS = 2
IMAGE_FORMATS = {"PNG", "JPEG"}

# The program of the seeds (../shared/seeds/003_*.txt). The signatory is a made-up name: the
# demo must not print a real person's signature.
DEMO_ISSUER = {
    "CERTIFICATE_DEPARTMENT": "Missouri Department of Elementary and Secondary Education",
    "CERTIFICATE_ASSOCIATION": "Missouri School Counselor Association",
    "CERTIFICATE_PROGRAM": "School Counselor Mentoring Program",
    "CERTIFICATE_SIGNATORY_NAME": "Jordan A. Whitfield",
    "CERTIFICATE_SIGNATORY_TITLE": "Program Specialist, School Counseling Section",
    "CERTIFICATE_LOGOS": ["img/demo/department-seal.png", "img/demo/association-logo.png"],
    "CERTIFICATE_SIGNATURE_IMAGE": "img/demo/signature.png",
}
REQUIRED = (
    "CERTIFICATE_DEPARTMENT",
    "CERTIFICATE_ASSOCIATION",
    "CERTIFICATE_PROGRAM",
    "CERTIFICATE_SIGNATORY_NAME",
    "CERTIFICATE_SIGNATORY_TITLE",
    "CERTIFICATE_LOGOS",
)


class IssuerConfigError(MentoringError):
    """The issuer's configuration is missing or names an image that cannot be used."""


@dataclass(frozen=True)
class Identity:
    """The issuer as configured now, images read and checked."""

    department: str
    association: str
    program: str
    logos: tuple[bytes, ...]
    signature: bytes | None

    @property
    def fingerprint(self) -> str:
        """SHA-256 of everything printed, so one stored issuer serves every certificate alike."""
        texts = [self.department, self.association, self.program]
        images = [hashlib.sha256(image).hexdigest() for image in self.logos]
        signature = hashlib.sha256(self.signature).hexdigest() if self.signature else None
        return hashlib.sha256(
            json.dumps([texts, images, signature, public_url()]).encode()
        ).hexdigest()


def public_url() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


def setting(key: str):
    """A configured value, or outside production the demo program's."""
    value = current_app.config.get(key)
    if value or current_app.config["ENV_NAME"] == "production":
        return value
    return DEMO_ISSUER.get(key)


def names() -> dict[str, str | None]:
    """The issuer's names for pages and emails (no image is read)."""
    return {
        "department": setting("CERTIFICATE_DEPARTMENT"),
        "association": setting("CERTIFICATE_ASSOCIATION"),
        "program": setting("CERTIFICATE_PROGRAM"),
    }


def read_image(name: str, setting_name: str) -> bytes:
    """A PNG or JPEG named relative to the instance folder or static/, checked; else an error
    that names the setting and the file."""
    path = _find(name)
    if path is None:
        raise IssuerConfigError(
            f"{setting_name}: {name} is not a file in the instance folder or static/."
        )
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        raise IssuerConfigError(
            f"{setting_name}: {name} is larger than {MAX_IMAGE_BYTES // 1_000_000} MB."
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise IssuerConfigError(f"{setting_name}: {name} is not a readable image.") from None
    if image_format not in IMAGE_FORMATS:
        raise IssuerConfigError(f"{setting_name}: {name} is {image_format}; use PNG or JPEG.")
    return data


def _find(name: str) -> Path | None:
    """The file, inside the instance folder or static/ (never outside them)."""
    for root in (Path(current_app.instance_path), Path(current_app.static_folder)):
        root = root.resolve()
        path = (root / name).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def current_identity() -> Identity:
    """The issuer as configured, every image checked; an IssuerConfigError says what is wrong."""
    missing = [key for key in REQUIRED if not setting(key)]
    if missing:
        raise IssuerConfigError(
            "Certificates cannot be issued until the issuer is configured: set "
            + ", ".join(missing)
            + " (see the README, Configuration)."
        )
    logos = _logo_names(setting("CERTIFICATE_LOGOS"))
    if len(logos) > MAX_LOGOS:
        raise IssuerConfigError(f"CERTIFICATE_LOGOS: at most {MAX_LOGOS} logos or seals.")
    signature = setting("CERTIFICATE_SIGNATURE_IMAGE")
    return Identity(
        department=setting("CERTIFICATE_DEPARTMENT"),
        association=setting("CERTIFICATE_ASSOCIATION"),
        program=setting("CERTIFICATE_PROGRAM"),
        logos=tuple(read_image(name, "CERTIFICATE_LOGOS") for name in logos),
        signature=read_image(signature, "CERTIFICATE_SIGNATURE_IMAGE") if signature else None,
    )


def issuer_for_new_certificates(
    created_at: datetime | None = None, id_: int | None = None
) -> CertificateIssuer:
    """The stored issuer that certificates issued now point at, stored the first time (at
    created_at, with id_: the generated data sets give both, to be reproducible)."""
    identity = current_identity()
    fingerprint = identity.fingerprint
    query = select(CertificateIssuer).where(CertificateIssuer.fingerprint == fingerprint)
    stored = db.session.scalar(query)
    if stored is not None:
        return stored
    logos = list(identity.logos) + [None] * (MAX_LOGOS - len(identity.logos))
    stored = CertificateIssuer(
        id=id_,
        fingerprint=fingerprint,
        layout=CertificateIssuer.CURRENT_LAYOUT,
        department=identity.department,
        association=identity.association,
        program=identity.program,
        public_url=public_url(),
        first_logo=logos[0],
        second_logo=logos[1],
        signature_image=identity.signature,
        created_at=created_at or utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(stored)
    except IntegrityError:
        # Another request stored the same issuer just now.
        return db.session.scalar(query)
    return stored


def init_app(app: Flask) -> None:
    """Offer the issuer's names to every template (footer, emails), and check the configured
    images at start: production refuses to start with one it cannot use; development logs why
    (and refuses to issue, saying so)."""
    app.context_processor(lambda: {"issuer_names": names()})
    with app.app_context():
        try:
            for name, setting_name in _configured_images():
                read_image(name, setting_name)
        except IssuerConfigError as error:
            if app.config["ENV_NAME"] == "production":
                raise SystemExit(f"mentoring: refusing to start: {error.message}") from None
            log.warning("certificates cannot be issued: %s", error.message)


def _logo_names(value) -> list[str]:
    """CERTIFICATE_LOGOS as a list (instance/config.py) or comma-separated (environment)."""
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    return list(value or [])


def _configured_images() -> list[tuple[str, str]]:
    logos = _logo_names(current_app.config.get("CERTIFICATE_LOGOS"))
    images = [(name, "CERTIFICATE_LOGOS") for name in logos]
    if current_app.config.get("CERTIFICATE_SIGNATURE_IMAGE"):
        images.append(
            (current_app.config["CERTIFICATE_SIGNATURE_IMAGE"], "CERTIFICATE_SIGNATURE_IMAGE")
        )
    return images
