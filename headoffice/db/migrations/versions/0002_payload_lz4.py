"""Received payloads compressed with lz4 on PostgreSQL (a push batch stores about 1 MB of
payload text: lz4 takes a fraction of the CPU of the default pglz). Nothing on SQLite, nor on
a PostgreSQL built without lz4 (or older than 14): the default compression stays.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _compression(method: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        DO $$ BEGIN
            ALTER TABLE received_events ALTER COLUMN payload SET COMPRESSION {method};
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error
            THEN NULL;
        END $$""")


def upgrade() -> None:
    _compression("lz4")


def downgrade() -> None:
    _compression("pglz")
