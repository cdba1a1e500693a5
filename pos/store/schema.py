"""The till's tables (SQLAlchemy Core). Money columns are integer paise, rates basis points,
quantities thousandths of the unit; dates are ISO text, moments UTC ISO text.

Schema changes go only through Alembic migrations (``pos/store/migrations``); this module is
the source the migrations are written from, and a test checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _money(name: str, *, nullable: bool = False, default: int | None = 0) -> Column[int]:
    return Column(name, Integer, nullable=nullable, server_default=None if default is None
                  else str(default))


# -- settings -------------------------------------------------------------------------------
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- catalogue (published by head office) -----------------------------------------------------
tax_rules = Table(
    "tax_rules", metadata,
    Column("rule_id", String(64), primary_key=True),
    Column("hsn_prefix", String(8), nullable=False),
    Column("handicraft", Boolean, nullable=True),  # NULL: any product
    Column("effective_from", String(10), nullable=False),
    Column("effective_to", String(10), nullable=True),
    Column("rate_bp", Integer, nullable=True),
    Column("band_threshold", Integer, nullable=True),
    Column("band_low_bp", Integer, nullable=True),
    Column("band_high_bp", Integer, nullable=True),
    Column("dead_band", String(8), nullable=True),
    Column("description", Text, nullable=False, server_default=""),
    CheckConstraint("(rate_bp IS NULL) <> (band_threshold IS NULL)", name="flat_or_band"),
)

suppliers = Table(
    "suppliers", metadata,
    Column("supplier_id", String(64), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("district", Text, nullable=False, server_default=""),
    Column("gstin", String(15), nullable=False, server_default=""),
)

categories = Table(
    "categories", metadata,
    Column("category_id", String(64), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
)

products = Table(
    "products", metadata,
    Column("product_id", String(64), primary_key=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("hsn", String(8), nullable=False),
    Column("unit", String(8), nullable=False),
    _money("mrp"),
    Column("is_handicraft", Boolean, nullable=False),
    Column("category_id", String(64), nullable=False, server_default=""),
    Column("supplier_id", String(64), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("change_seq", Integer, nullable=False, server_default="0"),
)

barcodes = Table(
    "barcodes", metadata,
    Column("code", String(32), primary_key=True),
    Column("product_id", String(64), ForeignKey("products.product_id", ondelete="CASCADE"),
           nullable=False, index=True),
)

# -- where the till sells ---------------------------------------------------------------------
outlets = Table(
    "outlets", metadata,
    Column("outlet_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # outlet | stall
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("gstin", String(15), nullable=False),
    Column("state_code", String(2), nullable=False),
    Column("valid_from", String(10), nullable=True),
    Column("valid_to", String(10), nullable=True),
    Column("invoice_prefix", String(10), nullable=False),
    Column("credit_prefix", String(10), nullable=False),
    Column("upi_vpa", String(128), nullable=False, server_default=""),
    Column("receipt_header", Text, nullable=False, server_default=""),
    Column("receipt_footer", Text, nullable=False, server_default=""),
)

staff = Table(
    "staff", metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(32), nullable=True),
)

number_series = Table(
    "number_series", metadata,
    Column("prefix", String(10), primary_key=True),
    Column("kind", String(16), nullable=False),  # invoice | credit_note
    Column("fy_start", Integer, nullable=False),
    Column("last", Integer, nullable=False),
)

# -- the day ----------------------------------------------------------------------------------
day_sessions = Table(
    "day_sessions", metadata,
    Column("day_id", String(36), primary_key=True),
    Column("outlet_id", String(64), ForeignKey("outlets.outlet_id"), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("opened_at", String(32), nullable=False),
    Column("opened_by", String(64), nullable=False),
    _money("opening_float"),
    Column("closed_at", String(32), nullable=True),
    Column("closed_by", String(64), nullable=True),
    Column("counted_json", Text, nullable=True),  # denomination -> count
    _money("expected_cash", nullable=True, default=None),
    _money("counted_cash", nullable=True, default=None),
    Column("variance_reason", Text, nullable=True),
    UniqueConstraint("outlet_id", "business_date"),
)

cash_movements = Table(
    "cash_movements", metadata,
    Column("movement_id", String(36), primary_key=True),
    Column("day_id", String(36), ForeignKey("day_sessions.day_id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # paid_in | paid_out
    _money("amount"),
    Column("reason", Text, nullable=False),
    Column("staff_id", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    CheckConstraint("amount > 0", name="positive"),
)

# -- documents --------------------------------------------------------------------------------
sales = Table(
    "sales", metadata,
    Column("sale_id", String(36), primary_key=True),
    Column("invoice_no", String(16), nullable=False, unique=True),
    Column("day_id", String(36), ForeignKey("day_sessions.day_id"), nullable=False, index=True),
    Column("business_date", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("staff_id", String(64), nullable=False),
    Column("outlet_id", String(64), nullable=False),
    Column("supply", String(8), nullable=False),
    Column("place_of_supply", String(2), nullable=False),
    Column("customer_name", Text, nullable=False, server_default=""),
    Column("customer_gstin", String(15), nullable=False, server_default=""),
    Column("customer_address", Text, nullable=False, server_default=""),
    Column("customer_state", String(2), nullable=False, server_default=""),
    Column("bill_discount_kind", String(8), nullable=True),
    Column("bill_discount_value", Integer, nullable=True),
    _money("gross"), _money("discount"), _money("net"), _money("taxable"),
    _money("cgst"), _money("sgst"), _money("igst"), _money("round_off"), _money("payable"),
    Column("line_count", Integer, nullable=False),
    Column("status", String(12), nullable=False, server_default="completed"),  # | voided
    Column("void_reason", Text, nullable=True),
    Column("voided_by", String(64), nullable=True),
    Column("voided_at", String(32), nullable=True),
    CheckConstraint("taxable + cgst + sgst + igst = net", name="tax_adds_up"),
    CheckConstraint("net + round_off = payable", name="round_off_adds_up"),
)

sale_lines = Table(
    "sale_lines", metadata,
    Column("sale_id", String(36), ForeignKey("sales.sale_id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", String(64), nullable=False, index=True),
    Column("sku", String(64), nullable=False),
    Column("barcode", String(32), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_hi", Text, nullable=False),
    Column("hsn", String(8), nullable=False),
    Column("unit", String(8), nullable=False),
    Column("is_handicraft", Boolean, nullable=False),
    Column("rule_id", String(64), nullable=False),
    _money("mrp"), _money("unit_price"),
    Column("qty_milli", Integer, nullable=False),
    Column("line_discount_kind", String(8), nullable=True),
    Column("line_discount_value", Integer, nullable=True),
    _money("gross"), _money("line_discount"), _money("bill_discount"), _money("net"),
    Column("rate_bp", Integer, nullable=False),
    _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    Column("price_overridden", Boolean, nullable=False, server_default="0"),
    Column("dead_band_flag", Boolean, nullable=False, server_default="0"),
    PrimaryKeyConstraint("sale_id", "line_no"),
    CheckConstraint("taxable + cgst + sgst + igst = net", name="tax_adds_up"),
)

payments = Table(
    "payments", metadata,
    Column("sale_id", String(36), ForeignKey("sales.sale_id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("mode", String(8), nullable=False),  # cash | upi | card
    _money("amount"),  # what this tender pays towards the bill
    _money("tendered"),  # cash handed over (>= amount); equals amount otherwise
    Column("reference", String(64), nullable=False, server_default=""),
    PrimaryKeyConstraint("sale_id", "seq"),
)

held_bills = Table(
    "held_bills", metadata,
    Column("hold_id", String(36), primary_key=True),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("staff_id", String(64), nullable=False),
    Column("label", Text, nullable=False, server_default=""),
    Column("cart_json", Text, nullable=False),
    Column("is_current", Boolean, nullable=False, server_default="0"),  # the bill on screen
)

credit_notes = Table(
    "credit_notes", metadata,
    Column("credit_id", String(36), primary_key=True),
    Column("credit_no", String(16), nullable=False, unique=True),
    Column("sale_id", String(36), ForeignKey("sales.sale_id"), nullable=False, index=True),
    Column("invoice_no", String(16), nullable=False),
    Column("invoice_date", String(10), nullable=False),
    Column("day_id", String(36), ForeignKey("day_sessions.day_id"), nullable=False, index=True),
    Column("business_date", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("staff_id", String(64), nullable=False),
    Column("approved_by", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    _money("net"), _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    _money("round_off"), _money("refund"),
    Column("refund_mode", String(8), nullable=False),
    Column("refund_reference", String(64), nullable=False, server_default=""),
)

credit_note_lines = Table(
    "credit_note_lines", metadata,
    Column("credit_id", String(36), ForeignKey("credit_notes.credit_id", ondelete="CASCADE"),
           nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sale_line_no", Integer, nullable=False),
    Column("qty_milli", Integer, nullable=False),
    Column("rate_bp", Integer, nullable=False),
    _money("gross"), _money("taxable"), _money("cgst"), _money("sgst"), _money("igst"),
    PrimaryKeyConstraint("credit_id", "line_no"),
)

# -- stock ------------------------------------------------------------------------------------
stock_moves = Table(
    "stock_moves", metadata,
    Column("move_id", Integer, primary_key=True, autoincrement=True),
    Column("product_id", String(64), nullable=False),
    Column("qty_milli", Integer, nullable=False),  # + in, - out
    Column("kind", String(24), nullable=False),
    # received | sold | returned | sent_to_fair | returned_from_fair | adjusted | voided
    Column("ref", String(64), nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    Column("staff_id", String(64), nullable=False, server_default=""),
    Column("at", String(32), nullable=False),
    Index("ix_stock_moves_product", "product_id", "move_id"),
    Index("ix_stock_moves_ref", "ref"),
)

# -- audit, outbox, print jobs ----------------------------------------------------------------
audit_log = Table(
    "audit_log", metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("staff_id", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("ref", String(64), nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default="{}"),
)

outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("device_time", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("result", Text, nullable=False, server_default=""),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Index("ix_outbox_status", "status", "seq"),
)

print_jobs = Table(
    "print_jobs", metadata,
    Column("job_id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
    Column("kind", String(24), nullable=False),  # invoice | credit_note | x_report | z_report ...
    Column("ref", String(64), nullable=False, server_default=""),
    Column("duplicate", Boolean, nullable=False, server_default="0"),
    Column("status", String(12), nullable=False, server_default="queued"),
    # queued | printing | done | failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=False, server_default=""),
    Index("ix_print_jobs_status", "status", "job_id"),
)


# Tables made by raw SQL in migrations (the FTS5 index and its shadow tables), not declared here.
UNDECLARED_PREFIXES = ("product_search",)


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic's filter: compare only what this module declares."""
    del obj, reflected, compare_to
    return not (type_ == "table" and name is not None and name.startswith(UNDECLARED_PREFIXES))
