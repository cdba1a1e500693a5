"""Staff PINs as salted scrypt hashes (``scrypt$n$r$p$salt$hash``, stdlib hashlib).

One format for head office, which publishes staff with their PIN hashes, and for the till,
which checks a PIN offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                  p=int(p), dklen=len(bytes.fromhex(digest)))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def valid_pin_format(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8
