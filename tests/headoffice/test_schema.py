"""The migrations build exactly the declared schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from headoffice.db.engine import (
    DatabaseTooNew,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    safe_url,
)
from headoffice.db.schema import metadata
from tests.headoffice.conftest import Backend


def test_migrations_build_exactly_the_declared_schema(backend: Backend) -> None:
    assert current_revision(backend.engine) == head_revision()
    with backend.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_migrating_again_changes_nothing(backend: Backend) -> None:
    assert migrate(backend.engine) == head_revision()
    with backend.engine.connect() as conn:
        assert conn.execute(text("SELECT id, change_seq >= 0 FROM catalog_state")).all() \
            == [(1, True)]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_received_payloads_are_lz4_compressed_on_postgresql(backend: Backend) -> None:
    with backend.engine.connect() as conn:
        method = conn.execute(text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = "
            "'received_events'::regclass AND attname = 'payload'")).scalar()
    assert method == "l"  # lz4 (Debian's PostgreSQL is built with it)


def test_sqlite_runs_durable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hq.db'}")
    migrate(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_from_a_newer_head_office_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hq.db'}")
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew):
        migrate(engine)


def test_urls_are_shown_without_passwords() -> None:
    shown = safe_url("postgresql://hq:s3cret@db.example/hq")
    assert "s3cret" not in shown and shown.startswith("postgresql+psycopg://hq:***@")


def test_the_openapi_schema_publishes_the_protocol(backend: Backend) -> None:
    import requests

    schema = requests.get(f"{backend.base}/openapi.json", timeout=30).json()
    paths = schema["paths"]
    for path in ("/api/v1/enroll", "/api/v1/sync/meta", "/api/v1/sync/push",
                 "/api/v1/catalog/changes", "/api/v1/catalog/snapshot"):
        assert path in paths
    components = schema["components"]["schemas"]
    for model in ("EnrollRequest", "EnrollResponse", "MetaResponse", "PushRequest",
                  "PushEvent", "PushResponse", "EventResult", "CatalogChangesResponse"):
        assert model in components
    push = paths["/api/v1/sync/push"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/PushRequest"
    assert {"401", "403", "413", "422"} <= set(push["responses"])
    assert "410" in paths["/api/v1/catalog/changes"]["get"]["responses"]
