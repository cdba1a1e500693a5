"""Where the device token lives: the OS keyring when there is a real one (Windows Credential
Manager, macOS Keychain, Secret Service), else a file only this user can read.

The token is shown once by head office at enrolment; losing it means enrolling again, so a
keyring that fails (locked, no backend, DBus gone) falls back to the file rather than lose it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger("pos.sync")

SERVICE = "emporium-pos"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    try:
        from keyring.backends import null
    except ImportError:  # pragma: no cover
        return True
    return not isinstance(backend, null.Keyring) and float(getattr(backend, "priority", 1)) > 0


class TokenStore:
    """The device token of one till database. ``use_keyring=None`` picks the keyring when a
    usable one exists; tests pass ``False`` to stay off the developer's own keyring."""

    def __init__(self, folder: Path, *, use_keyring: bool | None = None) -> None:
        self.file = folder / "device-token"
        self.use_keyring = _keyring_usable() if use_keyring is None else use_keyring

    def _account(self, device_id: str) -> str:
        return f"{device_id}@{self.file.parent.resolve()}"

    def save(self, device_id: str, token: str) -> str:
        """Keep ``token``; returns where (``keyring`` or ``file``)."""
        if self.use_keyring:
            try:
                import keyring

                keyring.set_password(SERVICE, self._account(device_id), token)
                self.file.unlink(missing_ok=True)
                return "keyring"
            except Exception as exc:
                log.warning("the OS keyring refused the device token (%s): using a file",
                            type(exc).__name__)
        self._write_file(token)
        return "file"

    def load(self, device_id: str) -> str | None:
        if self.use_keyring:
            try:
                import keyring

                found = keyring.get_password(SERVICE, self._account(device_id))
                if found:
                    return found
            except Exception as exc:
                log.warning("the OS keyring could not be read (%s)", type(exc).__name__)
        try:
            text = self.file.read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return text or None

    def forget(self, device_id: str) -> None:
        if self.use_keyring:
            with contextlib.suppress(Exception):
                import keyring

                keyring.delete_password(SERVICE, self._account(device_id))
        self.file.unlink(missing_ok=True)

    def _write_file(self, token: str) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_suffix(".part")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(token)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.file)
