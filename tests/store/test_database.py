"""Opening the till database: pragmas, migrations, backups, refusal of newer files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pos.store.database import (
    DatabaseTooNew,
    NotADatabase,
    _alembic_config,
    backup_file,
    head_revision,
    make_engine,
    open_store,
)
from pos.store.schema import include_object, metadata


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_durable_and_at_head(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pos.db")
    try:
        assert store.backup is None
        with store.reading() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            revision = MigrationContext.configure(conn).get_current_revision()
        assert revision == head_revision()
    finally:
        store.close()


def test_migrations_build_exactly_the_declared_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pos.db")
    try:
        with store.reading() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            diffs = compare_metadata(context, metadata)
        assert diffs == []
    finally:
        store.close()


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    engine = make_engine(path)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO products (product_id, sku, name_en, name_hi, hsn, unit, mrp, "
            "is_handicraft) VALUES ('p1', 'CHN-1', 'Chanderi saree', 'चंदेरी साड़ी', "
            "'500790', 'PCS', 472500, 1)")
    engine.dispose()

    store = open_store(path)
    try:
        assert store.backup is not None and store.backup.exists()
        old = sqlite3.connect(store.backup)
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        old.close()
        with store.reading() as conn:
            found = conn.exec_driver_sql(
                "SELECT p.sku FROM product_search s JOIN products p ON p.rowid = s.rowid "
                "WHERE product_search MATCH 'साड़ी'").scalars().all()
        assert found == ["CHN-1"]  # the search index was built for rows already there
    finally:
        store.close()


def test_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseTooNew) as refused:
        open_store(path)
    assert "newer version" in str(refused.value) and refused.value.revision == "9999"
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    path.write_bytes(b"PK\x03\x04 this is a zip file, not SQLite")
    with pytest.raises(NotADatabase):
        open_store(path)
    assert path.read_bytes().startswith(b"PK")


def test_backups_keep_the_newest_n(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    open_store(path).close()
    made = [backup_file(path, f"test{i}", keep=3) for i in range(5)]
    kept = sorted((tmp_path / "backups").iterdir())
    assert kept == made[-3:]
    con = sqlite3.connect(kept[-1])
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pos.db")
    try:
        with store.transaction() as writer:
            writer.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('k', 'v')")
            # a write transaction holds the lock; a reader still gets the committed state
            with store.reading() as reader:
                assert reader.exec_driver_sql(
                    "SELECT count(*) FROM settings WHERE key = 'k'").scalar() == 0
    finally:
        store.close()
