"""An enrolment code may replace a device: ``enrol_codes.replaces_device_id`` names the device
that the till enrolling with the code revokes (a new laptop for a broken or stolen one).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrol_codes") as batch:
        batch.add_column(sa.Column("replaces_device_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrol_codes") as batch:
        batch.drop_column("replaces_device_id")
