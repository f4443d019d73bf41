"""Tokens signed with a private key (EdDSA, RS256) and verified with the public one."""

import time
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from api.auth import TokenError, TokenKeys, actor_from_claims
from api.settings import Settings
from domain.actors import Role


def pem_pair(tmp_path: Path, private: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
             ) -> tuple[Path, Path]:  # fmt: skip
    private_path, public_path = tmp_path / "private.pem", tmp_path / "public.pem"
    private_path.write_bytes(private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))  # fmt: skip
    public_path.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip
    return private_path, public_path


@pytest.mark.parametrize(
    ("algorithm", "key"),
    [("EdDSA", ed25519.Ed25519PrivateKey.generate()),
     ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))],
)  # fmt: skip
def test_a_token_signed_with_the_private_key_verifies_with_the_public_one(
    tmp_path: Path, algorithm: str, key: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
) -> None:
    private, public = pem_pair(tmp_path, key)
    issuer = TokenKeys.from_settings(Settings(jwt_algorithm=algorithm, jwt_public_key_file=public,
                                              jwt_private_key_file=private))  # fmt: skip
    verifier = TokenKeys.from_settings(Settings(jwt_algorithm=algorithm,
                                                jwt_public_key_file=public))  # fmt: skip

    token = issuer.issue({"sub": "staff-0201", "roles": ["sign_off_officer"],
                          "authority_level": "team_manager"}, timedelta(minutes=5))  # fmt: skip
    actor = actor_from_claims(verifier.verify(token), None)

    assert (actor.id, actor.role, actor.authority_level) == (
        "staff-0201", Role.SIGN_OFF_OFFICER, "team_manager")  # fmt: skip
    with pytest.raises(ValueError, match="no signing key"):
        verifier.issue({"sub": "x", "roles": ["auditor"]}, timedelta(minutes=1))


def test_a_token_signed_with_another_key_is_refused(tmp_path: Path) -> None:
    _, public = pem_pair(tmp_path, ed25519.Ed25519PrivateKey.generate())
    (tmp_path / "other").mkdir()
    other_private, _ = pem_pair(tmp_path / "other", ed25519.Ed25519PrivateKey.generate())
    forger = TokenKeys.from_settings(Settings(jwt_algorithm="EdDSA", jwt_public_key_file=public,
                                              jwt_private_key_file=other_private))  # fmt: skip
    verifier = TokenKeys.from_settings(Settings(jwt_algorithm="EdDSA", jwt_public_key_file=public))

    forged = forger.issue({"sub": "x", "roles": ["admin"]}, timedelta(minutes=1))

    with pytest.raises(TokenError):
        verifier.verify(forged)


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
def test_a_time_claim_written_as_a_string_is_refused(tmp_path: Path, claim: str) -> None:
    private_key = ed25519.Ed25519PrivateKey.generate()
    private, public = pem_pair(tmp_path, private_key)
    verifier = TokenKeys.from_settings(Settings(jwt_algorithm="EdDSA", jwt_public_key_file=public))
    now = int(time.time())
    claims = {"sub": "staff-0201", "roles": ["auditor"], "iss": verifier.issuer,
              "aud": verifier.audience, "iat": now, "nbf": now, "exp": now + 300}  # fmt: skip
    token = jwt.encode({**claims, claim: str(claims[claim])}, private.read_bytes(), "EdDSA")

    for _ in range(2):  # a second look is answered the same way, not from a cache
        with pytest.raises(TokenError, match=f"{claim} claim must be a number"):
            verifier.verify(token)
