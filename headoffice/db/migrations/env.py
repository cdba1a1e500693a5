"""Alembic environment of head office. Run only through :func:`headoffice.db.engine.migrate`,
which passes an open connection in ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

from headoffice.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by headoffice.db.engine
    raise RuntimeError("run head office's migrations through headoffice.db.engine.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
