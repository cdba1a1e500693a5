"""Dashboard sessions: a signed cookie (HMAC-SHA256 with a key kept in the database, so every
web process agrees), carrying the user, role, language, expiry and the CSRF token that every
form must send back, and the enrolment code its admin made last (shown again on a reload
until it is used or expires). The cookie cannot be forged; it is HttpOnly and not encrypted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from headoffice.db import schema as t

COOKIE = "hq_session"
LIFETIME = timedelta(hours=10)
KEY_NAME = "session_key"


def session_key(conn: Connection) -> bytes:
    """The signing key, made once (the first process to need it stores it)."""
    found = conn.execute(select(t.app_secrets.c.value).where(
        t.app_secrets.c.name == KEY_NAME)).scalar()
    if found is None:
        try:
            with conn.begin_nested():
                conn.execute(t.app_secrets.insert().values(name=KEY_NAME,
                                                           value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it a moment ago
        found = conn.execute(select(t.app_secrets.c.value).where(
            t.app_secrets.c.name == KEY_NAME)).scalar_one()
    return bytes.fromhex(found)


@dataclass(frozen=True, slots=True)
class Session:
    csrf: str
    locale: str = "en"
    user_id: int = 0  # 0: not logged in (a login form's session)
    name: str = ""
    role: str = ""
    expires: float = 0.0
    # The last enrolment code this person made, shown again on reloads while it is unused and
    # unexpired (POST-redirect-GET: a reload never makes another). Only its maker's browser
    # holds it, for its short life, in this HttpOnly cookie; that person may make codes anyway.
    code: str = ""

    @property
    def logged_in(self) -> bool:
        return self.user_id > 0

    @classmethod
    def anonymous(cls, locale: str = "en") -> Session:
        return cls(csrf=secrets.token_urlsafe(24), locale=locale)


def _sign(key: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def dump(key: bytes, session: Session) -> str:
    body = base64.urlsafe_b64encode(json.dumps(asdict(session), separators=(",", ":"))
                                    .encode())
    return f"{body.decode()}.{_sign(key, body)}"


def load(key: bytes, cookie: str | None, now: datetime) -> Session | None:
    """The session in a cookie, or None when absent, forged or expired."""
    if not cookie or "." not in cookie:
        return None
    body, _, signature = cookie.rpartition(".")
    if not hmac.compare_digest(_sign(key, body.encode()), signature):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body.encode()))
        session = Session(**data)
    except (ValueError, TypeError):
        return None
    if session.logged_in and session.expires < now.timestamp():
        return None
    return session


def csrf_ok(session: Session | None, token: str | None) -> bool:
    return bool(session and token and hmac.compare_digest(session.csrf, token))
