"""Start-up skips Alembic for a database already at the newest revision, and still migrates,
backs up or refuses every other one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

import pos.store.database as database
from pos.store.database import (
    DatabaseTooNew,
    _alembic_config,
    head_revision,
    make_engine,
    open_store,
    quick_head_revision,
)


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def _at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    assert quick_head_revision() == head_revision()


def test_a_database_at_head_opens_without_alembic(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pos.db"
    open_store(path).close()

    def no_migration(*_args: object) -> None:
        raise AssertionError("Alembic was run on a database already at head")

    monkeypatch.setattr(database, "_migrate", no_migration)
    store = open_store(path)
    try:
        assert store.backup is None
        with store.reading() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()
    assert not (tmp_path / "backups").exists()


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    open_store(path).close()
    probe = ("import sys; from pathlib import Path; from pos.store.database import open_store; "
             "open_store(Path(sys.argv[1])).close(); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_database_at_an_older_revision_is_backed_up_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    _at(path, "0001")
    store = open_store(path)
    try:
        assert store.backup is not None and _revision(store.backup) == "0001"
    finally:
        store.close()
    assert _revision(path) == head_revision()


def test_a_database_without_a_revision_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE leftover (x)")
    con.commit()
    con.close()
    open_store(path).close()
    assert _revision(path) == head_revision()


def test_a_newer_revision_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNew):
        open_store(path)
    assert _revision(path) == "ffff"
