"""Connecting to head office's database (PostgreSQL or a SQLite file) and migrating it.

* ``postgresql://`` URLs use psycopg 3. Transactions are READ COMMITTED; what needs more takes
  row locks (a device's row during its push, the catalogue's counter row during a write) or
  asks for a REPEATABLE READ snapshot (:func:`snapshot_read`).
* SQLite runs in WAL mode with ``synchronous=FULL`` and foreign keys on; write transactions
  start with ``BEGIN IMMEDIATE`` (writers queue on the lock instead of failing half-way),
  reads (:func:`reading`) with a plain ``BEGIN``, so they never wait for a writer.
* :func:`migrate` brings the schema to the newest Alembic revision; a database written by a
  newer head office is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy import JSON, Column, Connection, Engine, Table, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
READ_ONLY = "hq_read_only"


class DatabaseNotUtf8(RuntimeError):
    def __init__(self, encoding: str) -> None:
        super().__init__(f"the database's encoding is {encoding}: Hindi names need UTF8 "
                         "(CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)")
        self.encoding = encoding


def check_encoding(engine: Engine) -> None:
    """PostgreSQL must store UTF-8 (a SQL_ASCII database refuses Devanagari in JSON)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        encoding = str(conn.exec_driver_sql("SHOW server_encoding").scalar())
    if encoding.upper().replace("-", "") != "UTF8":
        raise DatabaseNotUtf8(encoding)


class DatabaseTooNew(RuntimeError):
    def __init__(self, revision: str) -> None:
        super().__init__(f"the database is at schema {revision}, unknown to this head office: "
                         "install a newer version")
        self.revision = revision


def normalise_url(url: str | URL) -> URL:
    """``postgresql://`` → ``postgresql+psycopg://`` (psycopg 3 is the driver we ship)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    return normalise_url(url).render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str | URL, **kw: Any) -> Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30},
                               **kw)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kw.setdefault("connect_args", {"client_encoding": "utf8"})
    kw.setdefault("pool_pre_ping", True)
    kw.setdefault("pool_size", 10)
    kw.setdefault("max_overflow", 20)
    return create_engine(parsed, **kw)


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows (every row with the same keys) in the caller's transaction: one
    ``COPY`` on PostgreSQL, one ``executemany`` on SQLite. A unique or foreign key violation
    raises SQLAlchemy's :class:`IntegrityError` on both."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    columns = list(rows[0])
    as_json = [isinstance(table.c[name].type, JSON) for name in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c], ensure_ascii=False) if j and row[c] is not None
                                else row[c] for c, j in zip(columns, as_json, strict=True)])
    except psycopg.IntegrityError as exc:
        raise IntegrityError(statement.as_string(driver), None, exc) from exc


def reserve_ids(conn: Connection, column: Column[Any], count: int) -> list[int]:
    """``count`` fresh values of a PostgreSQL serial column (for rows written by COPY)."""
    found = conn.execute(text(
        "SELECT nextval(pg_get_serial_sequence(:table, :column)) "
        "FROM generate_series(1, :count)"),
        {"table": column.table.name, "column": column.name, "count": count}).scalars()
    return [int(value) for value in found]


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction that never waits for writers (rolled back at the end)."""
    with engine.connect() as raw:
        conn = raw.execution_options(**{READ_ONLY: True})
        with conn.begin() as tx:
            yield conn
            tx.rollback()


@contextmanager
def snapshot_read(engine: Engine) -> Iterator[Connection]:
    """A read transaction over one consistent snapshot (REPEATABLE READ on PostgreSQL; any
    SQLite read transaction is one)."""
    with engine.connect() as raw:
        if engine.dialect.name == "postgresql":
            conn = raw.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = raw.execution_options(**{READ_ONLY: True})
        with conn.begin() as tx:
            yield conn
            tx.rollback()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> str:
    """Upgrade the database to the newest schema; returns the revision it is now at."""
    check_encoding(engine)
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    revision = current_revision(engine)
    if revision is not None and revision not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseTooNew(revision)
    if revision != head:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    return head
