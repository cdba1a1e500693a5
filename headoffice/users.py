"""Dashboard users: people at head office, with argon2id password hashes and a role."""

from __future__ import annotations

import functools
import re
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from headoffice import security
from headoffice.db import schema as t

ROLES = ("admin", "accounts", "catalogue", "viewer")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 10


class UserError(ValueError):
    pass


def set_user(conn: Connection, username: str, password: str, *, role: str, name: str = "",
             now: datetime, replace: bool = False) -> bool:
    """Create a user (or, with ``replace``, reset an existing one's password and role).
    Returns True when the user was created."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise UserError("a username is 2-64 characters: a-z, 0-9, '.', '_' and '-'")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    u = t.dashboard_users
    hashed = security.hash_password(password)
    exists = conn.execute(select(u.c.user_id).where(u.c.username == username)).first()
    if exists is not None:
        if not replace:
            raise UserError(f"user {username!r} exists")
        conn.execute(update(u).where(u.c.username == username).values(
            password_hash=hashed, role=role, name=name or username, active=True))
        return False
    conn.execute(insert(u).values(username=username, name=name or username, role=role,
                                  password_hash=hashed, created_at=now))
    return True


def check_login(conn: Connection, username: str, password: str) -> tuple[int, str, str] | None:
    """``(user_id, name, role)`` when the password is right for an active user."""
    u = t.dashboard_users
    row = conn.execute(select(u).where(u.c.username == username.strip().lower(),
                                       u.c.active.is_(True))).first()
    if row is None:
        security.verify_password(password, _dummy_hash())  # same time, user or not
        return None
    if not security.verify_password(password, row.password_hash):
        return None
    return int(row.user_id), row.name, row.role


@functools.cache
def _dummy_hash() -> str:
    return security.hash_password("not anybody's password")
