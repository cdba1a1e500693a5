"""Head office's tables (SQLAlchemy Core), for PostgreSQL and SQLite alike.

Money is integer paise (``BIGINT``), rates basis points, quantities thousandths of the unit.
Moments are stored in UTC (``timestamptz`` on PostgreSQL). Schema changes go only through the
Alembic migrations in ``headoffice/db/migrations``; a test checks that the migrations build
exactly this.

Four groups:

* **catalogue** — what head office publishes: ``products`` (+ ``barcodes``), ``categories``,
  ``suppliers``, ``tax_rules``, ``outlets`` (fair stalls too), ``staff``. Every write also
  bumps ``catalog_state.change_seq`` and upserts the entity's row in ``catalog_changes`` (its
  latest published form, or a tombstone) in the same transaction: the change feed.
* **people and devices** — ``dashboard_users``, ``devices``, ``series_prefixes`` (every number
  series ever handed out, so none is handed out twice), ``enrol_codes``, ``rate_events``.
* **sync** — ``received_events`` (every event as received; its unique constraints are what
  de-duplicate) and ``sync_alerts`` (mismatches, reused numbers, seq going back).
* **facts** — what applied events say happened: ``sales`` (+ lines, tenders),
  ``credit_notes`` (+ lines), ``business_days`` (opening, Z report, reconciliation),
  ``cash_movements``, ``stock_moves`` and ``stock_levels``; ``day_locks`` are outlet-days head
  office has closed (a later event for them is flagged ``late_arrival``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware moment stored in UTC: ``timestamptz`` on PostgreSQL, ISO text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: head office stores aware moments only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JsonType = JSON().with_variant(JSONB(), "postgresql")
BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


def _money(name: str, **kw: Any) -> Column[int]:
    return Column(name, BigInteger, nullable=False, server_default="0", **kw)


def _id(name: str, *args: Any, **kw: Any) -> Column[str]:
    return Column(name, String(64), *args, **kw)


def _text(name: str) -> Column[str]:
    return Column(name, Text, nullable=False, server_default="")


def _moment(name: str, *, nullable: bool = False) -> Column[datetime]:
    return Column(name, UtcDateTime(), nullable=nullable)


# -- catalogue ---------------------------------------------------------------------------------

catalog_state = Table(
    "catalog_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("change_seq", BigInteger, nullable=False, server_default="0"),
    # Tombstones at or below this change_seq were purged: an older cursor must take a snapshot.
    Column("purged_through", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("id = 1", name="single_row"),
)

catalog_changes = Table(
    "catalog_changes", metadata,
    Column("entity", String(16), nullable=False),
    _id("entity_id", nullable=False),
    Column("op", String(8), nullable=False),  # upsert | delete (a tombstone)
    Column("change_seq", BigInteger, nullable=False, unique=True),
    Column("data", JsonType, nullable=True),
    _moment("changed_at"),
    PrimaryKeyConstraint("entity", "entity_id"),
    CheckConstraint("op IN ('upsert', 'delete')", name="op"),
    Index("ix_catalog_changes_tombstones", "op", "changed_at"),
)

categories = Table(
    "categories", metadata,
    _id("category_id", primary_key=True),
    _text("name_en"),
    _text("name_hi"),
    Column("sort_order", Integer, nullable=False, server_default="0"),
)

suppliers = Table(
    "suppliers", metadata,
    _id("supplier_id", primary_key=True),
    _text("name_en"),
    _text("name_hi"),
    Column("kind", String(32), nullable=False),
    _text("district"),
    Column("gstin", String(15), nullable=False, server_default=""),
)

tax_rules = Table(
    "tax_rules", metadata,
    _id("rule_id", primary_key=True),
    Column("hsn_prefix", String(8), nullable=False),
    Column("handicraft", Boolean, nullable=True),  # NULL: any product
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    Column("rate_bp", Integer, nullable=True),
    Column("band_threshold", BigInteger, nullable=True),
    Column("band_low_bp", Integer, nullable=True),
    Column("band_high_bp", Integer, nullable=True),
    Column("dead_band", String(8), nullable=True),
    _text("description"),
    # A deleted rule is withdrawn from the tills but kept here: old sales are recomputed with it.
    _moment("deleted_at", nullable=True),
    CheckConstraint("(rate_bp IS NULL) <> (band_threshold IS NULL)", name="flat_or_band"),
)

products = Table(
    "products", metadata,
    _id("product_id", primary_key=True),
    Column("sku", String(64), nullable=False, unique=True),
    _text("name_en"),
    _text("name_hi"),
    Column("hsn", String(8), nullable=False),
    Column("unit", String(8), nullable=False),
    _money("mrp"),
    Column("is_handicraft", Boolean, nullable=False),
    _id("category_id", ForeignKey("categories.category_id"), nullable=True),
    _id("supplier_id", ForeignKey("suppliers.supplier_id"), nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    _moment("updated_at"),
    CheckConstraint("mrp >= 0", name="mrp_not_negative"),
)

barcodes = Table(
    "barcodes", metadata,
    Column("code", String(32), primary_key=True),
    _id("product_id", ForeignKey("products.product_id", ondelete="CASCADE"), nullable=False,
        index=True),
    Column("position", Integer, nullable=False),  # 0 is the primary barcode
)

outlets = Table(
    "outlets", metadata,
    _id("outlet_id", primary_key=True),
    Column("kind", String(8), nullable=False),  # outlet | stall
    _text("name_en"),
    _text("name_hi"),
    _text("legal_name"),
    Column("state_code", String(2), nullable=False),
    Column("gstin", String(15), nullable=False),
    Column("casual_taxable_person", Boolean, nullable=False, server_default="0"),
    _text("address_en"),
    _text("address_hi"),
    _text("phone"),
    Column("invoice_prefix", String(10), nullable=False, unique=True),
    Column("credit_prefix", String(10), nullable=False, unique=True),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    Column("upi_vpa", String(128), nullable=False, server_default=""),
    _text("upi_payee_name"),
    Column("upi_mcc", String(4), nullable=False, server_default="5999"),
    _text("receipt_header_en"),
    _text("receipt_header_hi"),
    _text("receipt_footer_en"),
    _text("receipt_footer_hi"),
    Column("active", Boolean, nullable=False, server_default="1"),
    CheckConstraint("kind IN ('outlet', 'stall')", name="kind"),
)

staff = Table(
    "staff", metadata,
    _id("staff_id", primary_key=True),
    _text("name_en"),
    _text("name_hi"),
    Column("role", String(16), nullable=False),
    Column("pin_hash", Text, nullable=False),  # the till's scrypt form, never the PIN
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("outlet_ids", JsonType, nullable=False),
)

# -- people, devices, enrolment ----------------------------------------------------------------

dashboard_users = Table(
    "dashboard_users", metadata,
    Column("user_id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    _text("name"),
    Column("role", String(16), nullable=False),  # admin | accounts | catalogue | viewer
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("locale", String(5), nullable=False, server_default="en"),
    _moment("created_at"),
    _moment("last_login_at", nullable=True),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("device_id", String(36), primary_key=True),
    _id("outlet_id", ForeignKey("outlets.outlet_id"), nullable=False, index=True),
    _text("label"),
    Column("app_version", String(32), nullable=False, server_default=""),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("status", String(12), nullable=False, server_default="active"),
    _text("status_reason"),
    Column("series_prefix", String(10), nullable=False, unique=True),
    Column("credit_prefix", String(10), nullable=False, unique=True),
    _moment("enrolled_at"),
    _moment("status_changed_at", nullable=True),
    _moment("last_seen_at", nullable=True),
    Column("last_applied_seq", BigInteger, nullable=False, server_default="0"),
    # What the till last said it still had to send (X-Outbox-Pending / X-Outbox-Oldest).
    Column("reported_pending", BigInteger, nullable=True),
    _moment("oldest_pending_at", nullable=True),
    CheckConstraint("status IN ('active', 'suspended', 'revoked')", name="status"),
)

series_prefixes = Table(
    "series_prefixes", metadata,
    Column("prefix", String(10), primary_key=True),  # never handed out twice
    Column("kind", String(12), nullable=False),  # invoice | credit_note
    _id("outlet_id", nullable=False),
    Column("device_id", String(36), nullable=True),
    _moment("created_at"),
)

enrol_codes = Table(
    "enrol_codes", metadata,
    Column("code_sha256", String(64), primary_key=True),
    _id("outlet_id", ForeignKey("outlets.outlet_id"), nullable=False),
    _moment("created_at"),
    _moment("expires_at"),
    _text("created_by"),
    _moment("used_at", nullable=True),
    Column("device_id", String(36), nullable=True),
    # A replacement's code: the device that enrols with it revokes this one (same transaction).
    Column("replaces_device_id", String(36), nullable=True),
)

rate_events = Table(
    "rate_events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("scope", String(16), nullable=False),
    Column("key", String(128), nullable=False),
    _moment("at"),
    Index("ix_rate_events_lookup", "scope", "key", "at"),
)

# -- sync --------------------------------------------------------------------------------------

received_events = Table(
    "received_events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_id", String(36), ForeignKey("devices.device_id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    _id("event_id", nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("business_date", Date, nullable=True),  # NULL when it could not be read
    _moment("device_time", nullable=True),
    Column("sha256", String(64), nullable=False),  # of the payload as received
    Column("payload", Text, nullable=False),  # canonical JSON, exactly what was hashed
    Column("status", String(12), nullable=False),  # applied | parked | rejected
    Column("reason", String(32), nullable=True),  # rejected: why; parked: what it waits for
    Column("detail", Text, nullable=True),  # a person's explanation of the reason
    Column("flags", JsonType, nullable=False),
    _id("waits_for", nullable=True),  # parked: the sale id it waits for
    _moment("received_at"),
    _moment("updated_at"),
    UniqueConstraint("device_id", "seq"),
    Index("ix_received_events_status", "status", "id"),
    Index("ix_received_events_waits_for", "waits_for"),
)

sync_alerts = Table(
    "sync_alerts", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_id", String(36), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # payload_mismatch | invoice_reused | ...
    _id("event_id", nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("detail", JsonType, nullable=False),
    Column("payload", Text, nullable=True),  # the copy that was refused, for inspection
    _moment("created_at"),
    _moment("resolved_at", nullable=True),
    _text("resolved_by"),
)

# -- facts -------------------------------------------------------------------------------------

sales = Table(
    "sales", metadata,
    _id("sale_id", primary_key=True),
    Column("received_event_id", BigId, ForeignKey("received_events.id"), nullable=False),
    Column("device_id", String(36), nullable=False),
    _id("outlet_id", nullable=False),
    _id("day_id", nullable=False, index=True),
    Column("invoice_no", String(16), nullable=False, unique=True),
    Column("business_date", Date, nullable=False),
    _moment("created_at"),
    _id("staff_id", nullable=False),
    Column("supply", String(8), nullable=False),
    Column("place_of_supply", String(2), nullable=False),
    _text("customer_name"),
    Column("customer_gstin", String(15), nullable=False, server_default=""),
    _text("customer_address"),
    Column("customer_state", String(2), nullable=False, server_default=""),
    Column("bill_discount_kind", String(8), nullable=True),
    Column("bill_discount_value", BigInteger, nullable=True),
    _money("gross"), _money("discount"), _money("net"), _money("taxable"), _money("cgst"),
    _money("sgst"), _money("igst"), _money("round_off"), _money("payable"), _money("change"),
    Column("line_count", Integer, nullable=False),
    Column("status", String(12), nullable=False, server_default="completed"),  # | voided
    _text("void_reason"),
    _id("voided_by", nullable=True),
    _moment("voided_at", nullable=True),
    Column("flags", JsonType, nullable=False),
    _moment("received_at"),
    Index("ix_sales_outlet_date", "outlet_id", "business_date"),
)

sale_lines = Table(
    "sale_lines", metadata,
    _id("sale_id", ForeignKey("sales.sale_id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    _id("product_id", nullable=False, index=True),
    Column("sku", String(64), nullable=False),
    Column("barcode", String(32), nullable=False, server_default=""),
    _text("name_en"),
    _text("name_hi"),
    Column("hsn", String(8), nullable=False),
    Column("unit", String(8), nullable=False),
    Column("is_handicraft", Boolean, nullable=False),
    _id("rule_id", nullable=False),
    _money("mrp"), _money("unit_price"),
    Column("qty_milli", BigInteger, nullable=False),
    Column("line_discount_kind", String(8), nullable=True),
    Column("line_discount_value", BigInteger, nullable=True),
    Column("price_overridden", Boolean, nullable=False, server_default="0"),
    _money("gross"), _money("line_discount"), _money("bill_discount"), _money("net"),
    Column("rate_bp", Integer, nullable=False),
    _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    Column("dead_band_flag", Boolean, nullable=False, server_default="0"),
    PrimaryKeyConstraint("sale_id", "line_no"),
)

sale_tenders = Table(
    "sale_tenders", metadata,
    _id("sale_id", ForeignKey("sales.sale_id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("mode", String(8), nullable=False),
    _money("amount"), _money("tendered"),
    Column("reference", String(64), nullable=False, server_default=""),
    PrimaryKeyConstraint("sale_id", "seq"),
)

credit_notes = Table(
    "credit_notes", metadata,
    _id("credit_id", primary_key=True),
    Column("received_event_id", BigId, ForeignKey("received_events.id"), nullable=False),
    Column("credit_no", String(16), nullable=False, unique=True),
    Column("device_id", String(36), nullable=False),
    _id("outlet_id", nullable=False),
    _id("sale_id", nullable=False, index=True),  # no foreign key: the sale may come later
    Column("invoice_no", String(16), nullable=False),
    Column("invoice_date", Date, nullable=False),
    _id("day_id", nullable=False, index=True),
    Column("business_date", Date, nullable=False),
    _moment("created_at"),
    _id("staff_id", nullable=False),
    _id("approved_by", nullable=False),
    _text("reason"),
    Column("supply", String(8), nullable=False),
    _money("net"), _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    _money("round_off"), _money("refund"),
    Column("refund_mode", String(8), nullable=False),
    Column("refund_reference", String(64), nullable=False, server_default=""),
    Column("link_status", String(8), nullable=False),  # parked | linked
    Column("flags", JsonType, nullable=False),
    _moment("received_at"),
    Index("ix_credit_notes_outlet_date", "outlet_id", "business_date"),
)

credit_note_lines = Table(
    "credit_note_lines", metadata,
    _id("credit_id", ForeignKey("credit_notes.credit_id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sale_line_no", Integer, nullable=False),
    Column("qty_milli", BigInteger, nullable=False),
    Column("rate_bp", Integer, nullable=False),
    _money("gross"), _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    PrimaryKeyConstraint("credit_id", "line_no"),
)

business_days = Table(
    "business_days", metadata,
    _id("day_id", primary_key=True),  # the till's day session: one device, one date
    _id("outlet_id", nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("business_date", Date, nullable=False),
    _id("opened_by", nullable=True),
    Column("opening_float", BigInteger, nullable=True),
    _id("closed_by", nullable=True),
    Column("close_report", JsonType, nullable=True),  # the day_close payload (Z report)
    # open | awaiting (documents missing) | reconciled | mismatch
    Column("recon_status", String(12), nullable=False, server_default="open"),
    Column("recon_detail", JsonType, nullable=True),
    _moment("updated_at"),
    Index("ix_business_days_outlet_date", "outlet_id", "business_date"),
)

cash_movements = Table(
    "cash_movements", metadata,
    _id("movement_id", primary_key=True),
    _id("day_id", nullable=False, index=True),
    Column("device_id", String(36), nullable=False),
    _id("outlet_id", nullable=False),
    Column("kind", String(12), nullable=False),
    _money("amount"),
    _text("reason"),
    _id("staff_id", nullable=False),
    _moment("at"),
)

stock_moves = Table(
    "stock_moves", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    _id("outlet_id", nullable=False),
    _id("product_id", nullable=False),
    Column("qty_milli", BigInteger, nullable=False),  # + in, - out
    Column("kind", String(24), nullable=False),
    _id("ref", nullable=False),  # sale, credit note or stock document id
    _moment("at"),
    Index("ix_stock_moves_outlet_product", "outlet_id", "product_id"),
)

stock_levels = Table(
    "stock_levels", metadata,
    _id("outlet_id", nullable=False),
    _id("product_id", nullable=False),
    Column("qty_milli", BigInteger, nullable=False, server_default="0"),
    # True once a stock document (receipt, transfer, adjustment) counted this product here:
    # only then is a negative level news (before, head office simply does not know the stock).
    Column("tracked", Boolean, nullable=False, server_default="0"),
    PrimaryKeyConstraint("outlet_id", "product_id"),
)

day_locks = Table(
    "day_locks", metadata,
    _id("outlet_id", nullable=False),
    Column("business_date", Date, nullable=False),
    _moment("locked_at"),
    _text("locked_by"),
    PrimaryKeyConstraint("outlet_id", "business_date"),
)

# Tables whose rows tests and the demo may wipe (everything but alembic's own).
ALL_TABLES = tuple(metadata.sorted_tables)
