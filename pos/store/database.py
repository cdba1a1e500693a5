"""Opening the till's SQLite database: durable pragmas, backup, migrations.

* WAL journal with ``synchronous=FULL`` and foreign keys on: a committed sale survives
  ``kill -9`` and power loss.
* Write transactions start with ``BEGIN IMMEDIATE``, so two writers queue on the lock instead
  of failing half-way when one upgrades a read to a write.
* Before migrating an existing database it is copied (SQLite's online backup, consistent even
  with a WAL) to ``backups/`` beside it with a timestamp; the newest ``keep_backups`` are kept.
* A database written by a newer version of the app (a revision this app does not know) is
  refused with :class:`DatabaseTooNew` and left untouched.
* A database already at the newest revision (every start but the first after an update)
  opens without Alembic: its revision is one ``SELECT``, the newest revision is read from the
  migration files' ``revision``/``down_revision`` lines, and Alembic (with Mako, Pygments and
  every SQL dialect it pulls in, about a third of the till's start-up) is imported only to
  migrate.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|["']([^"']+)["'])\s*$""",
    re.MULTILINE)
DEFAULT_KEEP_BACKUPS = 10


class StoreError(RuntimeError):
    """A database problem a person must be told about; ``code`` selects the message."""

    code = "store_error"


class DatabaseTooNew(StoreError):
    code = "database_too_new"

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"{path} was written by a newer version of Emporium POS (schema {revision}); "
            "install that version or newer. The file has not been changed."
        )
        self.path = path
        self.revision = revision


class NotADatabase(StoreError):
    code = "not_a_database"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


@cache
def quick_head_revision() -> str | None:
    """The newest revision, read from the migration files without importing Alembic: the one
    revision no other file names as its ``down_revision``. None when the files do not say
    plainly (several heads, a tuple of down revisions...): the caller then asks Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in (MIGRATIONS / "versions").glob("*.py"):
        found = {key: plain for key, _value, plain in
                 _REVISION_LINE.findall(file.read_text(encoding="utf-8"))}
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """The database's revision from ``alembic_version`` (None when there is no such table)."""
    with engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'alembic_version'").first() is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(rows[0][0]) if len(rows) == 1 else None


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is off).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    # Writers take the lock up front (BEGIN IMMEDIATE) so they queue instead of failing
    # half-way; readers begin deferred and, in WAL mode, never wait for a writer.
    if connection.get_execution_options().get("read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    # The till does all database work on one background thread (the GUI thread never waits),
    # so connections made on one thread are used on another: allowed, writes are serialised.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_file(path: Path, reason: str, keep: int = DEFAULT_KEEP_BACKUPS) -> Path:
    """Copy the database (consistently, WAL included) to ``backups/`` and prune old copies."""
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}-{reason}{path.suffix or '.db'}"
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    copies = sorted(folder.glob(f"{path.stem}-*{path.suffix or '.db'}"))
    for old in copies[:-keep] if keep > 0 else []:
        old.unlink()
    return target


@dataclass
class Store:
    """An open, migrated till database."""

    path: Path
    engine: Engine
    backup: Path | None  # the copy taken before migrating, if one was needed

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A consistent read-only view that never waits for (or blocks) a writer."""
        with self.engine.connect().execution_options(read_only=True) as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()


def _check_is_sqlite(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise NotADatabase(f"{path} is not an Emporium POS database (not SQLite)")


def open_store(path: Path, *, keep_backups: int = DEFAULT_KEEP_BACKUPS) -> Store:
    """Open (creating if needed) and migrate the database at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_is_sqlite(path)
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path)
    backup: Path | None = None
    try:
        head = quick_head_revision() if existed else None
        if head is None or _stored_revision(engine) != head:
            backup = _migrate(path, engine, existed, keep_backups)
    except BaseException:
        engine.dispose()
        raise
    return Store(path, engine, backup)


def _migrate(path: Path, engine: Engine, existed: bool, keep_backups: int) -> Path | None:
    """Bring the database to the newest revision through Alembic, backing it up first; the
    backup's path, or None when nothing needed doing or the database is new."""
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    revision = current_revision(engine) if existed else None
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and revision not in known:
        raise DatabaseTooNew(path, revision)
    if revision == head:
        return None
    backup = backup_file(path, f"before-{head}", keep_backups) if existed else None
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup
