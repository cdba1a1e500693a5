"""Secrets head office makes and checks. None of them is ever logged or stored in clear.

* **Device tokens**: 256 random bits, shown once at enrolment; stored as their SHA-256 (a
  token is random, so a fast hash is enough and lets every request find its device by index).
* **Enrolment codes**: 10 characters from an unambiguous alphabet (~50 bits), short-lived and
  single-use, typed by a person; stored as their SHA-256; guessing is rate-limited.
* **Staff PINs**: the till verifies them offline, so they are stored in the till's own salted
  scrypt form (``scrypt$n$r$p$salt$hash``, the same as ``pos.services.auth.hash_pin``).
* **Dashboard passwords**: argon2id (argon2-cffi's defaults).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pos.domain import pins

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10
_hasher = PasswordHasher()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrol_code() -> str:
    """``ABCD-EFGH-JK``: grouped for reading aloud over the phone."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_enrol_code(code: str) -> str:
    """What was typed, as it is hashed: letter case, spaces and dashes are forgiven."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def enrol_code_hash(code: str) -> str:
    return sha256_hex("enrol:" + normalise_enrol_code(code))


hash_pin = pins.hash_pin  # the till's form: pos.services.auth checks it offline
verify_pin = pins.verify_pin
valid_pin = pins.valid_pin_format


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, stored: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    return secrets.token_urlsafe(12)
