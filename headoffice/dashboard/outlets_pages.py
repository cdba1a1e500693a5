"""Outlets and fair stalls: the list (validity, series, UPI id, devices) for everyone logged
in; admins add a stall or an outlet and edit every field the tills receive. A save is one
catalogue write (one transaction): the tills get it through the change feed.

The series prefixes are the stems each device's own series is made from; once a series has
been handed out at an outlet they are shown but no longer editable (numbers were issued
under them, and the register of series must stay the outlet's)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection, func, select

from headoffice.clock import india_date, now_utc
from headoffice.dashboard.forms import Form, errors_in_order, form_of, publish
from headoffice.dashboard.session import Session
from headoffice.dashboard.web import SessionDep, admin, hq_of, redirect, render, require, router
from headoffice.db import schema as t
from headoffice.db.engine import reading
from headoffice.devices import SUFFIXES
from pos.domain.gstin import STATES, is_valid_gstin
from pos.domain.numbering import Series, SeriesError
from pos.sync.protocol import DeviceStatus, OutletData

# A VPA is handle@provider (NPCI): letters, digits, '.', '_', '-' before the '@'.
UPI_VPA = re.compile(r"^[A-Za-z0-9._-]{2,100}@[A-Za-z][A-Za-z0-9.-]{1,30}$")
PHONE = re.compile(r"^[0-9+() -]{0,20}$")
MAX_PREFIX = 8  # a device's series adds up to two characters, within the column's 10
# The form's fields in the page's order, with their label's key (the error summary's links).
FIELDS = (("outlet_id", "outlet_id"), ("kind", "kind"), ("name_en", "name_en"),
          ("name_hi", "name_hi"), ("legal_name", "legal_name"), ("state_code", "state"),
          ("gstin", "gstin"), ("valid_from", "valid_from"), ("valid_to", "valid_to"),
          ("invoice_prefix", "invoice_prefix"), ("credit_prefix", "credit_prefix"),
          ("upi_vpa", "upi_id"), ("upi_payee_name", "upi_payee"), ("upi_mcc", "upi_mcc"),
          ("address_en", "address_en"), ("address_hi", "address_hi"), ("phone", "phone"),
          ("receipt_header_en", "header_en"), ("receipt_header_hi", "header_hi"),
          ("receipt_footer_en", "footer_en"), ("receipt_footer_hi", "footer_hi"))
TEXTS = {"name_en": 200, "name_hi": 200, "legal_name": 200, "address_en": 500,
         "address_hi": 500, "upi_payee_name": 100, "receipt_header_en": 300,
         "receipt_header_hi": 300, "receipt_footer_en": 1000, "receipt_footer_hi": 1000}


@dataclass(frozen=True, slots=True)
class OutletRow:
    outlet: OutletData
    devices: int  # enrolled and not revoked
    series_issued: bool  # a device series was ever made from its prefixes

    def validity(self, today: date) -> str:
        o = self.outlet
        if o.valid_from is not None and today < o.valid_from:
            return "upcoming"
        if o.valid_to is not None and today > o.valid_to:
            return "ended"
        return "open"


def outlet_rows(conn: Connection, only: str | None = None) -> list[OutletRow]:
    d, sp = t.devices, t.series_prefixes
    counts = dict(conn.execute(select(d.c.outlet_id, func.count()).where(
        d.c.status != DeviceStatus.REVOKED.value).group_by(d.c.outlet_id)).tuples().all())
    issued = set(conn.execute(select(sp.c.outlet_id).distinct()).scalars())
    query = select(t.outlets).order_by(t.outlets.c.kind, t.outlets.c.outlet_id)
    if only is not None:
        query = query.where(t.outlets.c.outlet_id == only)
    return [OutletRow(OutletData.model_validate(dict(row._mapping)),
                      int(counts.get(row.outlet_id, 0)), row.outlet_id in issued)
            for row in conn.execute(query)]


def _date(form: Form, name: str) -> date | None:
    text = form.text(name, 10)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        form.error(name, "err_date")
        return None


def _prefix(form: Form, conn: Connection, name: str, outlet_id: str) -> str:
    prefix = form.text(name, MAX_PREFIX, required=True, upper=True)
    if not prefix or name in form.errors:
        return prefix
    try:
        Series(prefix)
    except SeriesError:
        form.error(name, "err_prefix")
        return prefix
    o, sp = t.outlets, t.series_prefixes
    used = conn.execute(select(o.c.outlet_id).where(
        o.c.outlet_id != outlet_id,
        (o.c.invoice_prefix == prefix) | (o.c.credit_prefix == prefix))).first()
    if used is None:
        used = conn.execute(select(sp.c.outlet_id).where(sp.c.prefix == prefix,
                                                         sp.c.outlet_id != outlet_id)).first()
    if used is not None:
        form.error(name, "err_prefix_used", outlet=used[0])
    return prefix


def parse_outlet(form: Form, conn: Connection, existing: OutletRow | None) -> OutletData | None:
    """The form as an outlet, or None with ``form.errors`` saying why."""
    old = existing.outlet if existing else None
    outlet_id = old.outlet_id if old else form.new_id("outlet_id")
    if old is None and outlet_id and conn.execute(select(t.outlets.c.outlet_id).where(
            t.outlets.c.outlet_id == outlet_id)).first() is not None:
        form.error("outlet_id", "err_id_taken")
    data: dict[str, Any] = {"outlet_id": outlet_id, "kind": form.values.get("kind", "")}
    if data["kind"] not in ("outlet", "stall"):
        form.error("kind", "err_required")
    for name, limit in TEXTS.items():
        data[name] = form.text(name, limit, required=name == "name_en")
    data["phone"] = form.text("phone", 20)
    if not PHONE.match(data["phone"]):
        form.error("phone", "err_phone")
    state = data["state_code"] = form.text("state_code", 2)
    if state not in STATES:
        form.error("state_code", "err_required")
    gstin = data["gstin"] = form.text("gstin", 15, required=True, upper=True)
    if gstin and not is_valid_gstin(gstin):
        form.error("gstin", "err_gstin")
    elif gstin and state in STATES and gstin[:2] != state:
        form.error("gstin", "err_gstin_state", state=state)
    data["casual_taxable_person"] = form.flag("casual_taxable_person")
    data["active"] = form.flag("active")
    if existing and existing.series_issued and old:  # shown, not editable
        data["invoice_prefix"], data["credit_prefix"] = old.invoice_prefix, old.credit_prefix
    else:
        data["invoice_prefix"] = _prefix(form, conn, "invoice_prefix", outlet_id)
        data["credit_prefix"] = _prefix(form, conn, "credit_prefix", outlet_id)
        if data["invoice_prefix"] and data["invoice_prefix"] == data["credit_prefix"]:
            form.error("credit_prefix", "err_prefix_same")
    start, end = data["valid_from"], data["valid_to"] = _date(form, "valid_from"), \
        _date(form, "valid_to")
    if data["kind"] == "stall" and (start is None or end is None):
        form.error("valid_to" if start else "valid_from", "err_stall_dates")
    if start and end and end < start:
        form.error("valid_to", "err_dates_order")
    vpa = data["upi_vpa"] = form.text("upi_vpa", 128)
    if vpa and not UPI_VPA.match(vpa):
        form.error("upi_vpa", "err_vpa")
    if vpa and not data["upi_payee_name"]:
        form.error("upi_payee_name", "err_payee")
    mcc = data["upi_mcc"] = form.text("upi_mcc", 4) or "5999"
    if not (mcc.isascii() and mcc.isdigit() and len(mcc) == 4):
        form.error("upi_mcc", "err_mcc")
    result: OutletData | None = form.model(OutletData, data)
    return result


def _values(outlet: OutletData | None) -> dict[str, Any]:
    if outlet is None:
        return {"kind": "stall", "casual_taxable_person": True, "active": True,
                "upi_mcc": "5999", "state_code": "23"}
    values = outlet.model_dump()
    for name in ("valid_from", "valid_to"):
        values[name] = values[name].isoformat() if values[name] else ""
    return values


def _page(request: Request, session: Session, form: Form, row: OutletRow | None,
          status: int = 200) -> Response:
    states = sorted(STATES.items(), key=lambda item: item[0])
    listed = errors_in_order(form.errors, FIELDS)
    stem = str(form.values.get("invoice_prefix") or "")
    return render(request, "outlet.html", session, status, f=form.values, errors=form.errors,
                  listed=listed, first_error=listed[0][0] if listed else "",
                  row=row, states=states, may_edit=session.role == "admin",
                  today=india_date(now_utc()), series_example=series_examples(stem))


def series_examples(stem: str) -> list[str]:
    """The series the first tills of an outlet get from its invoice prefix (the rule of
    :func:`headoffice.devices.allocate_prefix`), for the form's hint; none for no prefix."""
    stem = stem.strip().upper()
    if not stem:
        return []
    return [stem, *(stem + suffix for suffix in SUFFIXES[:2])]


def _find(request: Request, outlet_id: str) -> OutletRow:
    with reading(hq_of(request).engine) as conn:
        rows = outlet_rows(conn, outlet_id)
    if not rows:
        raise HTTPException(404)
    return rows[0]


@router.get("/outlets", response_class=HTMLResponse)
def outlet_list(request: Request, session: SessionDep, saved: str = "") -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    with reading(hq_of(request).engine) as conn:
        rows = outlet_rows(conn)
    return render(request, "outlets.html", session, rows=rows, today=india_date(now_utc()),
                  saved=saved[:64], states=STATES)


@router.get("/outlets/new", response_class=HTMLResponse)
def outlet_new(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    require(session, ("admin",))
    return _page(request, session, Form(_values(None), session.locale), None)


@router.get("/outlets/{outlet_id}", response_class=HTMLResponse)
def outlet_edit(request: Request, session: SessionDep, outlet_id: str) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    row = _find(request, outlet_id)
    return _page(request, session, Form(_values(row.outlet), session.locale), row)


def _save(request: Request, session: Session, form: Form, outlet_id: str | None) -> Response:
    def load(conn: Connection) -> OutletRow | None:
        rows = outlet_rows(conn, outlet_id)
        return rows[0] if rows else None

    saved, row = publish(hq_of(request).engine, form, "outlet",
                         None if outlet_id is None else load, parse_outlet)
    if not isinstance(saved, OutletData):
        return _page(request, session, form, row, 400)
    return redirect(request, session, f"/outlets?saved={saved.outlet_id}")


@router.post("/outlets/new", response_class=HTMLResponse)
async def outlet_create(request: Request, session: SessionDep) -> Response:
    form = form_of(await request.form(), session.locale)
    admin(session, str(form.values.get("csrf", "")))
    return await run_in_threadpool(_save, request, session, form, None)


@router.post("/outlets/{outlet_id}", response_class=HTMLResponse)
async def outlet_update(request: Request, session: SessionDep, outlet_id: str) -> Response:
    form = form_of(await request.form(), session.locale)
    admin(session, str(form.values.get("csrf", "")))
    return await run_in_threadpool(_save, request, session, form, outlet_id)
