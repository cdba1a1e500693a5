"""Sync protocol, version 1: the wire models shared by the till and head office.

Facts flow up, the catalogue flows down (DESIGN.md, "Sync protocol (version 1)"). Every body
is JSON; money is integer paise, rates basis points, quantities thousandths of the unit, dates
ISO ``YYYY-MM-DD`` and moments ISO 8601 with their UTC offset. Base path :data:`API_PREFIX`,
header ``Authorization: Bearer <device token>`` on everything but ``POST /enroll``.

========================  ==================================================================
call                      models
========================  ==================================================================
``POST /enroll``          :class:`EnrollRequest` → :class:`EnrollResponse`
``GET /sync/meta``        → :class:`MetaResponse`
``POST /sync/push``       :class:`PushRequest` (JSON, optionally ``Content-Encoding: gzip``)
                          → :class:`PushResponse`
``GET /catalog/changes``  ``?since=<cursor>&limit=<n>`` → :class:`CatalogChangesResponse`;
                          ``ETag`` / ``If-None-Match`` → 304; 410 when the cursor is older
                          than the tombstone window (take a snapshot)
``GET /catalog/snapshot`` gzip-compressed NDJSON (``application/gzip``): one
                          :class:`SnapshotHeader` line, one :class:`CatalogChange` line per
                          row (``op`` is always ``upsert``), one :class:`SnapshotEnd` line
========================  ==================================================================

Errors are ``{"detail": {"code": ..., "message": ...}}`` (:class:`ErrorDetail`) with the HTTP
status saying what to do: 401 stop syncing (token unknown or revoked; keep selling), 403 this
device may not do this (suspended, another outlet's data), 410 take a snapshot, 413 send a
smaller batch, 422 the request is not protocol v1, 429 wait ``Retry-After`` seconds.

An event's ``sha256`` is the SHA-256 of :func:`canonical_json` of its payload (the till's
outbox stores exactly that text). The event models below describe the payloads the till's
services write (``pos.services``); head office validates each payload against its model and
quarantines one that does not fit (``rejected``) without holding up the rest of the queue.
"""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from pos.domain.catalog import Product, Supplier, Unit
from pos.domain.codec import rule_from_data
from pos.domain.tax import TaxRule

PROTOCOL_VERSION = 1
PROTOCOL_MIN = 1
PROTOCOL_MAX = 1
API_PREFIX = "/api/v1"

MAX_BATCH_EVENTS = 100
MAX_BATCH_BYTES = 256 * 1024
"""A push body holds at most this many bytes as sent (gzip it: 100 sales of 10 lines are
~750 KB of JSON, ~60 KB gzipped)..."""
MAX_SINGLE_EVENT_BYTES = 2 * 1024 * 1024
"""...except a batch of one event, which may be this big as sent, so that one very long bill
can never block the queue."""
MAX_INFLATED_BYTES = 8 * 1024 * 1024
"""And a gzip body inflates to at most this many bytes of JSON."""
HEADER_PENDING = "X-Outbox-Pending"
"""Optional request header: how many events the till still has to send (shown to head office
as the device's health, with ``X-Outbox-Oldest``, the ISO moment of the oldest of them)."""
HEADER_OLDEST = "X-Outbox-Oldest"
MAX_CHANGES_LIMIT = 1000
DEFAULT_CHANGES_LIMIT = 500

EVENT_TYPES = ("sale", "void", "credit_note", "day_open", "day_close", "cash_movement",
               "stock_move")
ENTITIES = ("product", "tax_rule", "supplier", "category", "outlet", "staff")

EVENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
"""UUIDs, and the till's derived ids (``<sale id>-void``, ``<day id>-close``)."""
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def canonical_json(data: Any) -> str:
    """The one serialisation of event payloads: sorted keys, no spaces, UTF-8 as is.

    Identical to ``pos.store.repo_base.canonical_json`` (the till's outbox), which head office
    may not import; a test keeps the two equal.
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def payload_sha256(payload: Any) -> str:
    """The ``sha256`` of an event: hex SHA-256 of the UTF-8 canonical JSON of its payload."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


# -- shared enums --------------------------------------------------------------------------------


class EventStatus(enum.StrEnum):
    APPLIED = "applied"  # new, accepted (possibly with flags)
    DUPLICATE = "duplicate"  # this event id was received before with the same hash
    PAYLOAD_MISMATCH = "payload_mismatch"  # same event id, different hash: original kept
    GAP = "gap"  # seq is not the next one: resend from ``expected``
    REJECTED = "rejected"  # malformed or not allowed: quarantined, the queue moves on
    PARKED = "parked"  # a return or void whose sale has not arrived: kept, linked later


class DeviceStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # reused invoice number or seq going back: may not push
    REVOKED = "revoked"  # token no longer valid (401)


class RejectReason(enum.StrEnum):
    MALFORMED = "malformed"  # the payload does not fit its event type's model
    SHA256_MISMATCH = "sha256_mismatch"  # sha256 is not the hash of the payload
    UNKNOWN_TYPE = "unknown_type"
    UNKNOWN_SERIES = "unknown_series"  # the document number is not in this device's series
    WRONG_OUTLET = "wrong_outlet"  # the event is about another outlet than the device's
    EVENT_ID_MISMATCH = "event_id_mismatch"  # a document's id differs from its event id
    INVOICE_REUSED = "invoice_reused"  # document number already used by another event
    SEQ_BACKWARDS = "seq_backwards"  # a new event with a seq already used
    CONFLICT = "conflict"  # its document id was already received in another event


class FlagCode(enum.StrEnum):
    """Why an applied event needs a person's attention. A real sale is never refused."""

    NEGATIVE_STOCK = "negative_stock"
    PRICE_DIFFERS = "price_differs"  # billed price is not the catalogue's MRP
    UNKNOWN_PRODUCT = "unknown_product"  # not (or no longer) in the catalogue
    LATE_ARRIVAL = "late_arrival"  # after head office closed the outlet's day
    RECOMPUTE_MISMATCH = "recompute_mismatch"  # head office's pos.domain arithmetic differs
    UNKNOWN_TAX_RULE = "unknown_tax_rule"  # cannot recompute: rule not known to head office
    TAX_RULE_DIFFERS = "tax_rule_differs"  # another rule applies to the line on that date
    DEAD_BAND_HIGH = "dead_band_high"  # billed at the high rate under the "high" policy
    TENDER_MISMATCH = "tender_mismatch"  # tenders do not add up to the payable amount
    OUTSIDE_STALL_DATES = "outside_stall_dates"
    CLOCK_AHEAD = "clock_ahead"  # device_time is in the future for head office
    BUSINESS_DATE_MISMATCH = "business_date_mismatch"  # envelope and payload disagree
    INVOICE_YEAR_MISMATCH = "invoice_year_mismatch"  # number's financial year vs its date
    RETURN_TOO_MUCH = "return_too_much"  # credit note returns more than was sold
    CROSS_OUTLET_RETURN = "cross_outlet_return"  # credit note against another outlet's sale
    INVOICE_MISMATCH = "invoice_mismatch"  # credit note/void cites another invoice number
    ALREADY_VOIDED = "already_voided"


# -- errors ----------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str
    message: str = ""


class ErrorResponse(BaseModel):
    detail: ErrorDetail


# -- catalogue entities (the ``data`` of a change) ---------------------------------------------


class _Entity(BaseModel):
    model_config = ConfigDict(extra="ignore")


class BandData(_Entity):
    threshold: StrictInt
    low_bp: StrictInt
    high_bp: StrictInt
    dead_band: Literal["refuse", "high"] = "refuse"


class TaxRuleData(_Entity):
    """Same shape as ``pos.domain.codec.rule_to_data``."""

    rule_id: str
    hsn_prefix: str
    handicraft: StrictBool | None = None
    effective_from: date
    effective_to: date | None = None
    rate_bp: StrictInt | None = None
    band: BandData | None = None
    description: str = ""

    def to_domain(self) -> TaxRule:
        return rule_from_data(self.model_dump(mode="json"))


class ProductData(_Entity):
    product_id: str
    sku: str
    name_en: str
    name_hi: str = ""
    hsn: str
    unit: Unit
    mrp: StrictInt = Field(ge=0)
    is_handicraft: StrictBool
    barcodes: list[str] = Field(default_factory=list)  # the first is the primary barcode
    category_id: str = ""
    supplier_id: str = ""
    active: StrictBool = True

    def to_domain(self) -> Product:
        return Product(self.product_id, self.sku, self.name_en, self.name_hi, self.hsn,
                       self.unit, self.mrp, self.is_handicraft, tuple(self.barcodes),
                       self.category_id, self.supplier_id, self.active)


class SupplierData(_Entity):
    supplier_id: str
    name_en: str
    name_hi: str = ""
    kind: Literal["weaver_society", "artisan", "ssi_unit", "cooperative"]
    district: str = ""
    gstin: str = ""

    def to_domain(self) -> Supplier:
        return Supplier(self.supplier_id, self.name_en, self.name_hi, self.kind, self.district,
                        self.gstin)


class CategoryData(_Entity):
    category_id: str
    name_en: str
    name_hi: str = ""


class OutletData(_Entity):
    """An outlet or a fair stall (a casual taxable person with a temporary GSTIN, selling only
    between ``valid_from`` and ``valid_to``), with what its receipts print. ``invoice_prefix``
    and ``credit_prefix`` are the outlet's series stems; each device gets its own series."""

    outlet_id: str
    kind: Literal["outlet", "stall"]
    name_en: str
    name_hi: str
    legal_name: str = ""
    state_code: str
    gstin: str
    casual_taxable_person: StrictBool = False
    address_en: str = ""
    address_hi: str = ""
    phone: str = ""
    invoice_prefix: str
    credit_prefix: str
    valid_from: date | None = None
    valid_to: date | None = None
    upi_vpa: str = ""
    upi_payee_name: str = ""
    upi_mcc: str = "5999"
    receipt_header_en: str = ""
    receipt_header_hi: str = ""
    receipt_footer_en: str = ""
    receipt_footer_hi: str = ""
    active: StrictBool = True


class StaffData(_Entity):
    """A person who may log in at the tills of ``outlet_ids``. ``pin_hash`` is the till's salted
    scrypt form (``scrypt$n$r$p$salt$hash``), verified offline; the PIN itself never travels."""

    staff_id: str
    name_en: str
    name_hi: str = ""
    role: Literal["cashier", "supervisor", "manager", "admin"]
    pin_hash: str
    active: StrictBool = True
    outlet_ids: list[str] = Field(default_factory=list)


ENTITY_MODELS: dict[str, type[_Entity]] = {
    "product": ProductData, "tax_rule": TaxRuleData, "supplier": SupplierData,
    "category": CategoryData, "outlet": OutletData, "staff": StaffData,
}

EntityName = Literal["product", "tax_rule", "supplier", "category", "outlet", "staff"]


class CatalogChange(BaseModel):
    """One entry of the change feed (and one row of a snapshot, always ``upsert``)."""

    entity: EntityName
    id: str
    op: Literal["upsert", "delete"]
    change_seq: int
    data: dict[str, Any] | None = None  # the entity's model as JSON; None for a delete


class CatalogChangesResponse(BaseModel):
    changes: list[CatalogChange]
    next_cursor: int  # pass as ``since`` next time (the highest change_seq read)
    has_more: bool


class SnapshotHeader(BaseModel):
    kind: Literal["header"] = "header"
    protocol: int = PROTOCOL_VERSION
    cursor: int  # continue with /catalog/changes?since=<cursor> after loading
    rows: int  # how many change lines follow
    counts: dict[str, int]  # rows by entity
    generated_at: AwareDatetime


class SnapshotEnd(BaseModel):
    kind: Literal["end"] = "end"
    rows: int


# -- enrolment and meta -----------------------------------------------------------------------


class EnrollRequest(BaseModel):
    code: str = Field(min_length=4, max_length=64)
    label: str = Field(min_length=1, max_length=64)
    app_version: str = Field(min_length=1, max_length=32)
    outlet_id: str | None = Field(default=None, max_length=64)
    """Optional: the outlet the person enrolling expects; a code for another one is refused."""


class EnrollResponse(BaseModel):
    device_id: str
    outlet: OutletData
    series_prefix: str  # this device's invoice series, e.g. BPL1A → BPL1A/2526/00001
    credit_series_prefix: str  # this device's credit-note series
    token: str  # shown once; head office keeps only its SHA-256


class MetaResponse(BaseModel):
    server_time: AwareDatetime
    protocol_min: int = PROTOCOL_MIN
    protocol_max: int = PROTOCOL_MAX
    device_id: str
    device_status: DeviceStatus
    outlet_id: str
    series_prefix: str
    credit_series_prefix: str
    last_applied_seq: int  # the next event to push is this + 1
    catalog_cursor: int  # head office's latest change_seq
    max_batch_events: int = MAX_BATCH_EVENTS
    max_batch_bytes: int = MAX_BATCH_BYTES


# -- pushing events ---------------------------------------------------------------------------


class PushEvent(BaseModel):
    """One outbox row as sent."""

    seq: StrictInt = Field(ge=1)
    event_id: str = Field(pattern=EVENT_ID_PATTERN)
    type: str = Field(max_length=32)  # one of EVENT_TYPES; another type is rejected alone
    business_date: date
    device_time: AwareDatetime
    sha256: str = Field(pattern=SHA256_PATTERN)
    payload: dict[str, Any]


class PushRequest(BaseModel):
    events: list[PushEvent] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)


class EventFlag(BaseModel):
    code: FlagCode
    line_no: int | None = None
    detail: str = ""


class EventResult(BaseModel):
    seq: int
    event_id: str
    status: EventStatus
    reason: str | None = None  # rejected: a RejectReason; parked: what it waits for
    detail: str | None = None  # the reason explained (English, for logs and support)
    expected: int | None = None  # gap: the seq head office expects next
    original_status: EventStatus | None = None  # duplicate: what the first copy got
    flags: list[EventFlag] = Field(default_factory=list)


class PushResponse(BaseModel):
    results: list[EventResult]  # in the order sent; may stop early if the device is suspended
    device_status: DeviceStatus
    last_applied_seq: int
    server_time: AwareDatetime


# -- event payloads (what the till's services write) ------------------------------------------

Money = Annotated[int, Field(strict=True)]
Qty = Annotated[int, Field(strict=True, gt=0)]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DiscountData(_Payload):
    kind: Literal["amount", "percent"]
    value: Annotated[int, Field(strict=True, ge=0)]


class CustomerData(_Payload):
    name: str = ""
    gstin: str = ""
    address: str = ""
    state_code: str = ""


class SaleLineData(_Payload):
    line_no: Annotated[int, Field(strict=True, ge=1)]
    product_id: str
    sku: str
    barcode: str = ""
    name_en: str
    name_hi: str = ""
    hsn: str
    unit: Unit
    is_handicraft: StrictBool
    rule_id: str
    mrp: Money
    unit_price: Money
    qty_milli: Qty
    line_discount: DiscountData | None = None
    price_overridden: StrictBool = False
    override_reason: str = ""  # a manager's price: why, and who (staff id); empty otherwise
    override_by: str = ""
    gross: Money
    line_discount_amount: Money
    bill_discount_amount: Money
    net: Money
    rate_bp: Annotated[int, Field(strict=True, ge=0)]
    taxable: Money
    cgst: Money
    sgst: Money
    igst: Money
    dead_band_flag: StrictBool = False


class SaleTotalsData(_Payload):
    gross: Money
    discount: Money
    net: Money
    taxable: Money
    cgst: Money
    sgst: Money
    igst: Money
    round_off: Money
    payable: Money


class TenderData(_Payload):
    mode: Literal["cash", "upi", "card"]
    amount: Money
    tendered: Money
    reference: str = ""


class SalePayload(_Payload):
    """``pos.domain.documents.sale_payload``; the event id is the sale id."""

    sale_id: str
    invoice_no: str = Field(max_length=16)
    outlet_id: str
    day_id: str
    business_date: date
    created_at: AwareDatetime
    staff_id: str
    supply: Literal["intra", "inter"]
    place_of_supply: str
    customer: CustomerData = Field(default_factory=CustomerData)
    bill_discount: DiscountData | None = None
    lines: list[SaleLineData] = Field(min_length=1)
    totals: SaleTotalsData
    tenders: list[TenderData]
    change: Money = 0


class VoidPayload(_Payload):
    sale_id: str
    invoice_no: str
    reason: str
    voided_by: str
    voided_at: AwareDatetime


class CreditLineData(_Payload):
    sale_line_no: Annotated[int, Field(strict=True, ge=1)]
    qty_milli: Qty
    rate_bp: Annotated[int, Field(strict=True, ge=0)]
    gross: Money
    taxable: Money
    cgst: Money
    sgst: Money
    igst: Money


class CreditNotePayload(_Payload):
    """A return (``pos.services.returns``); the event id is the credit note's id. Line
    amounts are negative, ``refund`` positive."""

    credit_id: str
    credit_no: str = Field(max_length=16)
    sale_id: str
    invoice_no: str
    invoice_date: date
    day_id: str
    business_date: date
    created_at: AwareDatetime
    staff_id: str
    approved_by: str
    reason: str
    supply: Literal["intra", "inter"]
    lines: list[CreditLineData] = Field(min_length=1)
    round_off: Money
    refund: Money
    refund_mode: Literal["cash", "upi", "card"]
    refund_reference: str = ""


class DayOpenPayload(_Payload):
    day_id: str
    outlet_id: str
    business_date: date
    opened_by: str
    opening_float: Money


class DayClosePayload(_Payload):
    """The Z report's figures (``pos.services.day.close_day``) that head office reconciles."""

    day_id: str
    outlet_id: str
    business_date: date
    closed_by: str
    sales_count: Annotated[int, Field(strict=True, ge=0)]
    payable: Money
    taxable: Money
    cgst: Money
    sgst: Money
    igst: Money
    refunds: Money
    credit_notes_count: Annotated[int, Field(strict=True, ge=0)]
    voided_count: Annotated[int, Field(strict=True, ge=0)]
    sales_by_mode: dict[str, Money] = Field(default_factory=dict)
    refunds_by_mode: dict[str, Money] = Field(default_factory=dict)
    paid_in: Money = 0
    paid_out: Money = 0
    opening_float: Money = 0
    expected_cash: Money
    counted_cash: Money
    counts: dict[str, Annotated[int, Field(strict=True, ge=0)]] = Field(default_factory=dict)
    variance_reason: str = ""
    first_invoice: str = ""
    last_invoice: str = ""


class CashMovementPayload(_Payload):
    movement_id: str
    day_id: str
    kind: Literal["paid_in", "paid_out"]
    amount: Annotated[int, Field(strict=True, gt=0)]
    reason: str
    staff_id: str


class StockLineData(_Payload):
    product_id: str
    qty_milli: Annotated[int, Field(strict=True)]  # signed: + in, - out


class StockMovePayload(_Payload):
    doc_id: str
    outlet_id: str
    kind: Literal["received", "sent_to_fair", "returned_from_fair", "adjusted"]
    reference: str = ""
    reason: str = ""
    staff_id: str
    lines: list[StockLineData] = Field(min_length=1)


PAYLOAD_MODELS: dict[str, type[_Payload]] = {
    "sale": SalePayload, "void": VoidPayload, "credit_note": CreditNotePayload,
    "day_open": DayOpenPayload, "day_close": DayClosePayload,
    "cash_movement": CashMovementPayload, "stock_move": StockMovePayload,
}


def parse_payload(event_type: str, payload: dict[str, Any]) -> _Payload:
    """Validate a payload against its event type's model (raises ``KeyError`` for an unknown
    type and ``pydantic.ValidationError`` for a payload that does not fit)."""
    return PAYLOAD_MODELS[event_type].model_validate(payload)
