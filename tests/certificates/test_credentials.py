"""The portable credential: an Open Badges 3.0 OpenBadgeCredential signed by the program's
Ed25519 key, checked here with an independent implementation (jwcrypto, where the app signs with
PyJWT), its issuer profile, public keys and revocation list at stable addresses, and key
rotation from the command line."""

import base64
import gzip
import json
import stat

import pytest
from jwcrypto import jwk
from jwcrypto import jwt as jwcrypto_jwt
from jwcrypto.common import JWException

from mentoring.certificates import credentials, operations
from mentoring.core.models import utcnow
from mentoring.extensions import db
from tests.certificates.helpers import TODAY

PUBLIC = "https://mentoring.dese.mo.gov"


@pytest.fixture
def app_config(tmp_path):
    return {"PUBLIC_URL": PUBLIC, "CREDENTIAL_KEYS_PATH": str(tmp_path / "keys")}


@pytest.fixture
def certificate(graduates, specialist):
    _, _, (noor, _), _ = graduates
    issued = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    return issued


def _download(client, auth, certificate, graduates) -> str:
    holder = db.session.get(type(graduates[1]), graduates[2][0].mentee_id)
    auth.login_as(holder)
    response = client.get(f"/certificates/{certificate.id}/credential")
    auth.logout()
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="certificate-MO-SCMP-2026-00001.jwt"'
    )
    return response.get_data(as_text=True)


def _verified(client, token: str) -> dict:
    """The token's claims, checked by jwcrypto against the keys the app publishes."""
    keys = jwk.JWKSet.from_json(client.get("/credentials/keys.json").get_data(as_text=True))
    checked = jwcrypto_jwt.JWT(jwt=token, key=keys, algs=["EdDSA"], expected_type="JWS")
    return json.loads(checked.claims)


def test_the_holder_downloads_a_credential_that_verifies_elsewhere(
    client, auth, graduates, certificate
):
    token = _download(client, auth, certificate, graduates)
    claims = _verified(client, token)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    assert header["kid"].startswith(f"{PUBLIC}/credentials/keys.json#key-")
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["id"] == claims["jti"] == f"{PUBLIC}/verify/{certificate.code}"
    assert claims["issuer"] == {
        "id": f"{PUBLIC}/credentials/issuer",
        "type": ["Profile"],
        "name": "Missouri Department of Elementary and Secondary Education",
    }
    assert claims["iss"] == f"{PUBLIC}/credentials/issuer"
    assert claims["validFrom"] == "2026-11-23T00:00:00Z" and claims["nbf"] == 1795392000
    subject = claims["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Noor Graduate"
    achievement = subject["achievement"]
    assert achievement["name"] == "School Counselor Mentoring Program"
    assert (
        "school years 2024–25 and 2025–26, attending 24 contact hours"
        in (achievement["description"])
    )
    assert "Career Student Services certificate" in achievement["description"]
    assert claims["credentialStatus"] == {
        "id": f"{PUBLIC}/credentials/status#{certificate.id}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.id),
        "statusListCredential": f"{PUBLIC}/credentials/status",
    }


def test_a_one_character_change_breaks_the_signature(client, auth, graduates, certificate):
    token = _download(client, auth, certificate, graduates)
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Noor Graduatf"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    for changed in (
        f"{head}.{forged}.{signature}",
        f"{head}.{payload}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}",
    ):
        with pytest.raises(JWException):
            _verified(client, changed)


def _status_bits(client) -> bytes:
    token = client.get("/credentials/status")
    assert token.mimetype == "application/vc+jwt"
    assert "no-store" in token.headers["Cache-Control"]
    claims = _verified(client, token.get_data(as_text=True))
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = claims["credentialSubject"]
    assert subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    return gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))


def _bit(bits: bytes, index: int) -> int:
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_revoking_sets_the_certificates_bit_in_the_status_list(
    client, graduates, specialist, certificate
):
    _, _, (_, zoe), _ = graduates
    other = operations.issue_certificate(zoe, specialist, TODAY)
    db.session.commit()
    bits = _status_bits(client)
    assert len(bits) == 16 * 1024  # 131,072 entries at least
    assert _bit(bits, certificate.id) == 0 and _bit(bits, other.id) == 0
    operations.revoke(certificate, specialist, "Issued in error", utcnow())
    db.session.commit()
    bits = _status_bits(client)
    assert _bit(bits, certificate.id) == 1 and _bit(bits, other.id) == 0
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_the_encoded_list_sets_the_leftmost_bit_for_index_0():
    bits = gzip.decompress(base64.urlsafe_b64decode(credentials.encoded_list([0, 9])[1:] + "=="))
    assert bits[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_the_issuer_profile_is_published(client):
    profile = client.get("/credentials/issuer").get_json()
    assert profile["id"] == f"{PUBLIC}/credentials/issuer" and profile["type"] == ["Profile"]
    assert profile["name"] == "Missouri Department of Elementary and Secondary Education"


def test_a_rotated_key_signs_new_credentials_and_the_old_ones_still_verify(
    app, client, auth, runner, graduates, certificate, tmp_path
):
    first = _download(client, auth, certificate, graduates)
    result = runner.invoke(args=["credentials", "new-key"])
    assert result.exit_code == 0 and "signs new credentials from now on" in result.output
    second = _download(client, auth, certificate, graduates)
    kids = [
        json.loads(base64.urlsafe_b64decode(t.split(".")[0] + "=="))["kid"] for t in (first, second)
    ]
    assert kids[0] != kids[1]
    published = client.get("/credentials/keys.json").get_json()["keys"]
    assert [key["kid"] for key in published] == kids
    assert all(set(key) == {"kty", "crv", "x", "kid", "alg", "use"} for key in published)  # no "d"
    assert _verified(client, first)["id"] == _verified(client, second)["id"]
    # The private keys are files readable by their owner only, outside the database.
    files = sorted((tmp_path / "keys").glob("key-*.pem"))
    assert len(files) == 2
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)


def test_production_without_a_key_says_how_to_make_one(app, client, auth, graduates, certificate):
    app.config["ENV_NAME"] = "production"
    holder = db.session.get(type(graduates[1]), graduates[2][0].mentee_id)
    auth.login_as(holder)
    response = client.get(f"/certificates/{certificate.id}/credential", follow_redirects=True)
    assert "The program has no credential signing key yet: run" in response.get_data(as_text=True)
