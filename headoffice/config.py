"""Head-office settings, from the environment.

=================================  ===========================================================
variable                           meaning (default)
=================================  ===========================================================
``EMPORIUM_HQ_DATABASE_URL``       SQLAlchemy URL. ``postgresql://user:pw@host/db`` in
                                   production (``postgresql://`` means psycopg 3). Default: a
                                   SQLite file ``headoffice.db`` in the data folder.
``EMPORIUM_HQ_DATA_DIR``           the data folder (default: the per-user data folder of the
                                   OS, e.g. ``~/.local/share/emporium-hq`` on Linux), so
                                   ``emporium-hq demo`` and ``emporium-hq serve`` find the same
                                   database from any working directory.
``EMPORIUM_HQ_ENROL_CODE_MINUTES`` lifetime of a one-time enrolment code (30)
``EMPORIUM_HQ_ENROL_LIMIT``        enrolment attempts per client address per window (10)
``EMPORIUM_HQ_LOGIN_LIMIT``        dashboard login attempts per address per window (10)
``EMPORIUM_HQ_RATE_WINDOW``        the rate-limit window in seconds (300)
``EMPORIUM_HQ_TOMBSTONE_DAYS``     how long catalogue deletions stay in the change feed (60);
                                   an older cursor gets 410 and takes a snapshot
``EMPORIUM_HQ_CLOCK_SKEW``         seconds a device's clock may run ahead before its events
                                   are flagged (600)
=================================  ===========================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import platformdirs

APP_NAME = "emporium-hq"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{key} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise SystemExit(f"{key} must not be negative")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path
    enrol_code_ttl: timedelta = timedelta(minutes=30)
    enrol_limit: int = 10
    login_limit: int = 10
    rate_window: timedelta = timedelta(minutes=5)
    tombstone_window: timedelta = timedelta(days=60)
    clock_skew: timedelta = timedelta(minutes=10)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("EMPORIUM_HQ_DATA_DIR") or default_data_dir())
        url = env.get("EMPORIUM_HQ_DATABASE_URL", "").strip()
        if not url:
            url = f"sqlite:///{data_dir / 'headoffice.db'}"
        return cls(
            database_url=url,
            data_dir=data_dir,
            enrol_code_ttl=timedelta(minutes=_int(env, "EMPORIUM_HQ_ENROL_CODE_MINUTES", 30)),
            enrol_limit=_int(env, "EMPORIUM_HQ_ENROL_LIMIT", 10),
            login_limit=_int(env, "EMPORIUM_HQ_LOGIN_LIMIT", 10),
            rate_window=timedelta(seconds=_int(env, "EMPORIUM_HQ_RATE_WINDOW", 300)),
            tombstone_window=timedelta(days=_int(env, "EMPORIUM_HQ_TOMBSTONE_DAYS", 60)),
            clock_skew=timedelta(seconds=_int(env, "EMPORIUM_HQ_CLOCK_SKEW", 600)),
        )
