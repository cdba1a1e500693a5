"""Initial schema: catalogue and its change feed, devices and enrolment, received events,
sales and the other facts, dashboard users.

Revision ID: 0001
Revises: -
"""

# ruff: noqa: E501
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_secrets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_app_secrets'))
    )
    op.create_table('business_days',
    sa.Column('day_id', sa.String(length=64), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=True),
    sa.Column('opening_float', sa.BigInteger(), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('close_report', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('recon_status', sa.String(length=12), server_default='open', nullable=False),
    sa.Column('recon_detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day_id', name=op.f('pk_business_days'))
    )
    op.create_index('ix_business_days_outlet_date', 'business_days', ['outlet_id', 'business_date'], unique=False)
    op.create_table('cash_movements',
    sa.Column('movement_id', sa.String(length=64), nullable=False),
    sa.Column('day_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('amount', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('movement_id', name=op.f('pk_cash_movements'))
    )
    op.create_index(op.f('ix_cash_movements_day_id'), 'cash_movements', ['day_id'], unique=False)
    op.create_table('catalog_changes',
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("op IN ('upsert', 'delete')", name=op.f('ck_catalog_changes_op')),
    sa.PrimaryKeyConstraint('entity', 'entity_id', name=op.f('pk_catalog_changes')),
    sa.UniqueConstraint('change_seq', name=op.f('uq_catalog_changes_change_seq'))
    )
    op.create_index('ix_catalog_changes_tombstones', 'catalog_changes', ['op', 'changed_at'], unique=False)
    op.create_table('catalog_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('change_seq', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('purged_through', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_catalog_state_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_state'))
    )
    op.execute("INSERT INTO catalog_state (id, change_seq, purged_through) VALUES (1, 0, 0)")
    op.create_table('categories',
    sa.Column('category_id', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('category_id', name=op.f('pk_categories'))
    )
    op.create_table('dashboard_users',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), server_default='', nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('locale', sa.String(length=5), server_default='en', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_dashboard_users')),
    sa.UniqueConstraint('username', name=op.f('uq_dashboard_users_username'))
    )
    op.create_table('day_locks',
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_by', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('outlet_id', 'business_date', name=op.f('pk_day_locks'))
    )
    op.create_table('outlets',
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('legal_name', sa.Text(), server_default='', nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('gstin', sa.String(length=15), nullable=False),
    sa.Column('casual_taxable_person', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('address_en', sa.Text(), server_default='', nullable=False),
    sa.Column('address_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('phone', sa.Text(), server_default='', nullable=False),
    sa.Column('invoice_prefix', sa.String(length=10), nullable=False),
    sa.Column('credit_prefix', sa.String(length=10), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('upi_vpa', sa.String(length=128), server_default='', nullable=False),
    sa.Column('upi_payee_name', sa.Text(), server_default='', nullable=False),
    sa.Column('upi_mcc', sa.String(length=4), server_default='5999', nullable=False),
    sa.Column('receipt_header_en', sa.Text(), server_default='', nullable=False),
    sa.Column('receipt_header_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('receipt_footer_en', sa.Text(), server_default='', nullable=False),
    sa.Column('receipt_footer_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.CheckConstraint("kind IN ('outlet', 'stall')", name=op.f('ck_outlets_kind')),
    sa.PrimaryKeyConstraint('outlet_id', name=op.f('pk_outlets')),
    sa.UniqueConstraint('credit_prefix', name=op.f('uq_outlets_credit_prefix')),
    sa.UniqueConstraint('invoice_prefix', name=op.f('uq_outlets_invoice_prefix'))
    )
    op.create_table('rate_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_events'))
    )
    op.create_index('ix_rate_events_lookup', 'rate_events', ['scope', 'key', 'at'], unique=False)
    op.create_table('series_prefixes',
    sa.Column('prefix', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_series_prefixes'))
    )
    op.create_table('staff',
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('pin_hash', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('outlet_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_staff'))
    )
    op.create_table('stock_levels',
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('tracked', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('outlet_id', 'product_id', name=op.f('pk_stock_levels'))
    )
    op.create_table('stock_moves',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_moves'))
    )
    op.create_index('ix_stock_moves_outlet_product', 'stock_moves', ['outlet_id', 'product_id'], unique=False)
    op.create_table('suppliers',
    sa.Column('supplier_id', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('district', sa.Text(), server_default='', nullable=False),
    sa.Column('gstin', sa.String(length=15), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('supplier_id', name=op.f('pk_suppliers'))
    )
    op.create_table('sync_alerts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_alerts'))
    )
    op.create_index(op.f('ix_sync_alerts_device_id'), 'sync_alerts', ['device_id'], unique=False)
    op.create_table('tax_rules',
    sa.Column('rule_id', sa.String(length=64), nullable=False),
    sa.Column('hsn_prefix', sa.String(length=8), nullable=False),
    sa.Column('handicraft', sa.Boolean(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('rate_bp', sa.Integer(), nullable=True),
    sa.Column('band_threshold', sa.BigInteger(), nullable=True),
    sa.Column('band_low_bp', sa.Integer(), nullable=True),
    sa.Column('band_high_bp', sa.Integer(), nullable=True),
    sa.Column('dead_band', sa.String(length=8), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(rate_bp IS NULL) <> (band_threshold IS NULL)', name=op.f('ck_tax_rules_flat_or_band')),
    sa.PrimaryKeyConstraint('rule_id', name=op.f('pk_tax_rules'))
    )
    op.create_table('devices',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.Text(), server_default='', nullable=False),
    sa.Column('app_version', sa.String(length=32), server_default='', nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='active', nullable=False),
    sa.Column('status_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('series_prefix', sa.String(length=10), nullable=False),
    sa.Column('credit_prefix', sa.String(length=10), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_applied_seq', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('reported_pending', sa.BigInteger(), nullable=True),
    sa.Column('oldest_pending_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('active', 'suspended', 'revoked')", name=op.f('ck_devices_status')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.outlet_id'], name=op.f('fk_devices_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_devices')),
    sa.UniqueConstraint('credit_prefix', name=op.f('uq_devices_credit_prefix')),
    sa.UniqueConstraint('series_prefix', name=op.f('uq_devices_series_prefix')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_devices_token_sha256'))
    )
    op.create_index(op.f('ix_devices_outlet_id'), 'devices', ['outlet_id'], unique=False)
    op.create_table('enrol_codes',
    sa.Column('code_sha256', sa.String(length=64), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Text(), server_default='', nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.outlet_id'], name=op.f('fk_enrol_codes_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('code_sha256', name=op.f('pk_enrol_codes'))
    )
    op.create_table('products',
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('hsn', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('mrp', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('is_handicraft', sa.Boolean(), nullable=False),
    sa.Column('category_id', sa.String(length=64), nullable=True),
    sa.Column('supplier_id', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('mrp >= 0', name=op.f('ck_products_mrp_not_negative')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.category_id'], name=op.f('fk_products_category_id_categories')),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.supplier_id'], name=op.f('fk_products_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_products')),
    sa.UniqueConstraint('sku', name=op.f('uq_products_sku'))
    )
    op.create_table('barcodes',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.product_id'], name=op.f('fk_barcodes_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_barcodes'))
    )
    op.create_index(op.f('ix_barcodes_product_id'), 'barcodes', ['product_id'], unique=False)
    op.create_table('received_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=True),
    sa.Column('device_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('flags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('waits_for', sa.String(length=64), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.device_id'], name=op.f('fk_received_events_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_events')),
    sa.UniqueConstraint('device_id', 'seq', name=op.f('uq_received_events_device_id_seq')),
    sa.UniqueConstraint('event_id', name=op.f('uq_received_events_event_id'))
    )
    op.create_index('ix_received_events_status', 'received_events', ['status', 'id'], unique=False)
    op.create_index('ix_received_events_waits_for', 'received_events', ['waits_for'], unique=False)
    op.create_table('credit_notes',
    sa.Column('credit_id', sa.String(length=64), nullable=False),
    sa.Column('received_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('credit_no', sa.String(length=16), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('sale_id', sa.String(length=64), nullable=False),
    sa.Column('invoice_no', sa.String(length=16), nullable=False),
    sa.Column('invoice_date', sa.Date(), nullable=False),
    sa.Column('day_id', sa.String(length=64), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('supply', sa.String(length=8), nullable=False),
    sa.Column('net', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('taxable', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('cgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('sgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('igst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('round_off', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('refund', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('refund_mode', sa.String(length=8), nullable=False),
    sa.Column('refund_reference', sa.String(length=64), server_default='', nullable=False),
    sa.Column('link_status', sa.String(length=8), nullable=False),
    sa.Column('flags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['received_event_id'], ['received_events.id'], name=op.f('fk_credit_notes_received_event_id_received_events')),
    sa.PrimaryKeyConstraint('credit_id', name=op.f('pk_credit_notes')),
    sa.UniqueConstraint('credit_no', name=op.f('uq_credit_notes_credit_no'))
    )
    op.create_index(op.f('ix_credit_notes_day_id'), 'credit_notes', ['day_id'], unique=False)
    op.create_index('ix_credit_notes_outlet_date', 'credit_notes', ['outlet_id', 'business_date'], unique=False)
    op.create_index(op.f('ix_credit_notes_sale_id'), 'credit_notes', ['sale_id'], unique=False)
    op.create_table('sales',
    sa.Column('sale_id', sa.String(length=64), nullable=False),
    sa.Column('received_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('outlet_id', sa.String(length=64), nullable=False),
    sa.Column('day_id', sa.String(length=64), nullable=False),
    sa.Column('invoice_no', sa.String(length=16), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('supply', sa.String(length=8), nullable=False),
    sa.Column('place_of_supply', sa.String(length=2), nullable=False),
    sa.Column('customer_name', sa.Text(), server_default='', nullable=False),
    sa.Column('customer_gstin', sa.String(length=15), server_default='', nullable=False),
    sa.Column('customer_address', sa.Text(), server_default='', nullable=False),
    sa.Column('customer_state', sa.String(length=2), server_default='', nullable=False),
    sa.Column('bill_discount_kind', sa.String(length=8), nullable=True),
    sa.Column('bill_discount_value', sa.BigInteger(), nullable=True),
    sa.Column('gross', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('discount', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('net', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('taxable', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('cgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('sgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('igst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('round_off', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('payable', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('change', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='completed', nullable=False),
    sa.Column('void_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('voided_by', sa.String(length=64), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('flags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['received_event_id'], ['received_events.id'], name=op.f('fk_sales_received_event_id_received_events')),
    sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_sales')),
    sa.UniqueConstraint('invoice_no', name=op.f('uq_sales_invoice_no'))
    )
    op.create_index(op.f('ix_sales_day_id'), 'sales', ['day_id'], unique=False)
    op.create_index('ix_sales_outlet_date', 'sales', ['outlet_id', 'business_date'], unique=False)
    op.create_table('credit_note_lines',
    sa.Column('credit_id', sa.String(length=64), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('sale_line_no', sa.Integer(), nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('gross', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('taxable', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('cgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('sgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('igst', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['credit_id'], ['credit_notes.credit_id'], name=op.f('fk_credit_note_lines_credit_id_credit_notes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('credit_id', 'line_no', name=op.f('pk_credit_note_lines'))
    )
    op.create_table('sale_lines',
    sa.Column('sale_id', sa.String(length=64), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('barcode', sa.String(length=32), server_default='', nullable=False),
    sa.Column('name_en', sa.Text(), server_default='', nullable=False),
    sa.Column('name_hi', sa.Text(), server_default='', nullable=False),
    sa.Column('hsn', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('is_handicraft', sa.Boolean(), nullable=False),
    sa.Column('rule_id', sa.String(length=64), nullable=False),
    sa.Column('mrp', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('unit_price', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('qty_milli', sa.BigInteger(), nullable=False),
    sa.Column('line_discount_kind', sa.String(length=8), nullable=True),
    sa.Column('line_discount_value', sa.BigInteger(), nullable=True),
    sa.Column('price_overridden', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('gross', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('line_discount', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('bill_discount', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('net', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('taxable', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('cgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('sgst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('igst', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('dead_band_flag', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.sale_id'], name=op.f('fk_sale_lines_sale_id_sales'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sale_id', 'line_no', name=op.f('pk_sale_lines'))
    )
    op.create_index(op.f('ix_sale_lines_product_id'), 'sale_lines', ['product_id'], unique=False)
    op.create_table('sale_tenders',
    sa.Column('sale_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('tendered', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('reference', sa.String(length=64), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.sale_id'], name=op.f('fk_sale_tenders_sale_id_sales'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sale_id', 'seq', name=op.f('pk_sale_tenders'))
    )


def downgrade() -> None:
    op.drop_table('sale_tenders')
    op.drop_table('sale_lines')
    op.drop_table('credit_note_lines')
    op.drop_table('sales')
    op.drop_table('credit_notes')
    op.drop_table('received_events')
    op.drop_table('barcodes')
    op.drop_table('products')
    op.drop_table('enrol_codes')
    op.drop_table('devices')
    op.drop_table('tax_rules')
    op.drop_table('sync_alerts')
    op.drop_table('suppliers')
    op.drop_table('stock_moves')
    op.drop_table('stock_levels')
    op.drop_table('staff')
    op.drop_table('series_prefixes')
    op.drop_table('rate_events')
    op.drop_table('outlets')
    op.drop_table('day_locks')
    op.drop_table('dashboard_users')
    op.drop_table('categories')
    op.drop_table('catalog_state')
    op.drop_table('catalog_changes')
    op.drop_table('cash_movements')
    op.drop_table('business_days')
    op.drop_table('app_secrets')
