"""Password hashing (argon2id, memory-hard), random secrets and their digests.

Only digests of session ids and API tokens are stored, so a copy of the database does not let anyone sign in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["hash_password", "verify_password", "new_secret", "digest", "new_api_token", "constant_time_equal"]

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile defaults of argon2-cffi (64 MiB, t=3)
TOKEN_PREFIX = "hg_"
#: a valid hash of a random password, verified against when the user does not exist (equal timing)
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing user costs the same time as a wrong password."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(secret: str) -> str:
    """SHA-256 hex digest (session ids and API tokens are high-entropy, so no salt or KDF is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
