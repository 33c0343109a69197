"""The portable credential: a certificate as an Open Badges 3.0 OpenBadgeCredential (a W3C
Verifiable Credential, data model 2.0), secured as a JWT signed with the program's Ed25519 key
(EdDSA, PyJWT on `cryptography`), so anyone can check it without this site's pages.

Published at stable addresses under MENTORING_PUBLIC_URL: the issuer's profile
(/credentials/issuer), its public keys (/credentials/keys.json, every key ever used, so older
credentials keep verifying after a rotation) and the revocation list (/credentials/status, a
Bitstring Status List credential: bit n set means the certificate with id n is revoked).

Private keys live in files outside the database (CREDENTIAL_KEYS_PATH, instance/credential-keys
by default), like the secret key; `flask credentials new-key` makes one and it signs from then
on (rotation). Development makes the first one itself; production refuses to sign without one.
"""

import base64
import gzip
from datetime import UTC, datetime
from pathlib import Path

import click
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, current_app
from flask.cli import AppGroup
from jwt.algorithms import OKPAlgorithm

from mentoring.certificates.issuer import names
from mentoring.certificates.models import Certificate, CertificateIssuer
from mentoring.certificates.queries import LEGACY_PROGRAM
from mentoring.core.errors import MentoringError
from mentoring.core.hours import hours_of
from mentoring.core.models import utcnow
from mentoring.core.urls import public_url

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/vc+jwt"
STATUS_LIST_BITS = 131_072  # the Bitstring Status List's minimum (16 KB), for herd privacy


# Keys ----------------------------------------------------------------------------------------


def keys_folder() -> Path:
    configured = current_app.config.get("CREDENTIAL_KEYS_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "credential-keys"


def _key_files() -> list[Path]:
    """Every key file, oldest first: the names sort by creation time."""
    folder = keys_folder()
    return sorted(folder.glob("key-*.pem")) if folder.is_dir() else []


def new_key(now: datetime) -> str:
    """Make a new Ed25519 key, readable by its owner only, which signs from now on; its id."""
    folder = keys_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kid = f"key-{now.strftime('%Y%m%dT%H%M%S%fZ')}"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = folder / f"{kid}.pem"
    path.touch(mode=0o600, exist_ok=False)
    path.write_bytes(pem)
    return kid


def _load(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise MentoringError(f"{path.name} is not an Ed25519 key.")
    return key


def signing_key() -> tuple[str, Ed25519PrivateKey]:
    """The newest key and its file's name; development makes the first one, production refuses."""
    files = _key_files()
    if not files:
        if current_app.config["ENV_NAME"] == "production":
            raise MentoringError(
                "The program has no credential signing key yet: run "
                "`flask --app mentoring credentials new-key` on the server (see the README)."
            )
        new_key(utcnow())
        files = _key_files()
    return files[-1].stem, _load(files[-1])


def public_keys() -> dict:
    """Every key's public half as a JSON Web Key Set."""
    return {
        "keys": [
            OKPAlgorithm.to_jwk(_load(path).public_key(), as_dict=True)
            | {"kid": _kid(path.stem), "alg": ALGORITHM, "use": "sig"}
            for path in _key_files()
        ]
    }


# Documents -----------------------------------------------------------------------------------


def _kid(name: str) -> str:
    """A key's id: where its public half is published."""
    return public_url("certificates.public_keys") + "#" + name


def issuer_id() -> str:
    return public_url("certificates.issuer_profile")


def issuer_profile() -> dict:
    """The issuer's Open Badges Profile, as configured now."""
    issuer = names()
    return {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": issuer["department"],
        "url": public_url("home.index"),
        "description": f"Issues the completion certificates of the {issuer['program']}, "
        f"with the {issuer['association']}.",
    }


def _sign(payload: dict) -> str:
    kid, key = signing_key()
    return jwt.encode(
        payload,
        key,
        algorithm=ALGORITHM,
        headers={"kid": _kid(kid), "typ": "vc+jwt"},
    )


def credential(certificate: Certificate, issuer: CertificateIssuer | None) -> dict:
    """The certificate as an OpenBadgeCredential (unsigned)."""
    program = issuer.program if issuer else LEGACY_PROGRAM
    hours = str(hours_of(certificate.contact_minutes))
    valid_from = datetime.combine(certificate.issued_on, datetime.min.time(), tzinfo=UTC)
    return {
        "@context": CONTEXT,
        "id": public_url("certificates.verify", code=certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Certificate of Completion: {program}",
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": issuer.department if issuer else names()["department"],
        },
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "achievement": {
                "id": public_url("certificates.issuer_profile") + "#mentoring-program",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": program,
                "description": (
                    f"Completed the two-year {program} in the school years "
                    f"{certificate.school_years}, attending {hours} contact hours of mentoring. "
                    "Satisfies the two-year mentoring requirement for the upgrade from the "
                    "Initial Student Services certificate to the Career Student Services "
                    "certificate."
                ),
                "criteria": {
                    "narrative": "Both program years complete: each year's minimum meetings, "
                    "contact hours and reflections met, and signed off by the mentor."
                },
            },
        },
        "credentialStatus": {
            "id": f"{public_url('certificates.status_list')}#{certificate.id}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.id),
            "statusListCredential": public_url("certificates.status_list"),
        },
    }


def signed_credential(certificate: Certificate, issuer: CertificateIssuer | None) -> str:
    """The credential as a JWT: its members at the top, with the registered claims."""
    document = credential(certificate, issuer)
    valid_from = datetime.fromisoformat(document["validFrom"])
    return _sign(
        document | {"iss": issuer_id(), "jti": document["id"], "nbf": int(valid_from.timestamp())}
    )


def encoded_list(revoked_ids: list[int]) -> str:
    """The Bitstring Status List's encodedList: bit n (from the left) set for each id, GZIP,
    then multibase base64url ("u", no padding)."""
    size = max(STATUS_LIST_BITS, -(-(max(revoked_ids, default=0) + 1) // 8) * 8)
    bits = bytearray(size // 8)
    for index in revoked_ids:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def signed_status_list(revoked_ids: list[int], now: datetime) -> str:
    """The revocation list as a signed BitstringStatusListCredential."""
    address = public_url("certificates.status_list")
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": address,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": address + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_ids),
        },
    }
    return _sign(document | {"iss": issuer_id(), "jti": address, "iat": int(now.timestamp())})


# Command line --------------------------------------------------------------------------------

credentials_cli = AppGroup("credentials", help="The portable credentials' signing keys.")


@credentials_cli.command("new-key")
def new_key_command() -> None:
    """Make a new Ed25519 signing key (the first, or a rotation: it signs from now on)."""
    kid = new_key(utcnow())
    click.echo(
        f"New signing key {kid} in {keys_folder()}; it signs new credentials from now on. "
        "Older keys stay published so their credentials keep verifying."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(credentials_cli)
