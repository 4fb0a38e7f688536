"""Password hashing with Argon2id (memory-hard), and the length-only password policy.

The policy follows NIST SP 800-63B: a minimum length, long passphrases welcome, no composition
rules (they push people to predictable patterns without adding strength).
"""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 8
#: Generous for passphrases, yet bounded so that hashing cannot be used to exhaust the server.
MAX_PASSWORD_LENGTH = 1024

#: The Argon2id parameter sets that `PASSWORD_HASH_PROFILE` may name. The default is RFC 9106's
#: second recommendation (64 MiB, 3 passes); CHEAPEST exists for test suites and is refused in
#: production.
HASH_PROFILES = {
    "RFC_9106_LOW_MEMORY": profiles.RFC_9106_LOW_MEMORY,
    "RFC_9106_HIGH_MEMORY": profiles.RFC_9106_HIGH_MEMORY,
    "CHEAPEST": profiles.CHEAPEST,
}


class PasswordPolicyError(ValueError):
    """The proposed password breaks the policy; the message says how."""


def check_password_policy(password: str) -> None:
    """Raise `PasswordPolicyError` unless the password's length is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"Use at most {MAX_PASSWORD_LENGTH} characters.")


@lru_cache(maxsize=None)
def _hasher(profile: str) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher.from_parameters(HASH_PROFILES[profile])
    # Verified when an e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
    dummy_hash = hasher.hash("not-a-real-password: equalises sign-in timing")
    return hasher, dummy_hash


def hash_password(password: str) -> str:
    """Hash a password that passed the policy, with the configured Argon2id parameters."""
    hasher, _ = _hasher(current_app.config["PASSWORD_HASH_PROFILE"])
    return hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (unknown user) spend the same time and say no.

    Hashes made with other parameters still verify: Argon2 hashes carry their parameters.
    """
    hasher, dummy_hash = _hasher(current_app.config["PASSWORD_HASH_PROFILE"])
    try:
        return hasher.verify(password_hash or dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
