"""Alembic environment of the till store. Run only through :mod:`pos.store.database`, which
passes an open connection in ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

from pos.store.schema import include_object, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by pos.store.database
    raise RuntimeError("run the till's migrations through pos.store.database.open_store")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode recreates tables
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
