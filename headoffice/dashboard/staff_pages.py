"""The tills' staff: the list for everyone logged in; admins add people, change their names,
role and outlets, set or reset a PIN, and deactivate them. A save is one catalogue write (one
transaction): the tills of the person's outlets get it through the change feed.

A PIN is hashed here into the till's salted scrypt form (:func:`pos.domain.pins.hash_pin`) and
never stored, shown, logged or put back into a form; a form with an error asks for it again.
Leaving the PIN empty when editing keeps the current one. The (deliberately slow) hash is made
before the save's transaction opens, never while it holds the catalogue writers' lock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection, Engine, select

from headoffice import security
from headoffice.dashboard.forms import Form, errors_in_order, form_of, publish
from headoffice.dashboard.session import Session
from headoffice.dashboard.web import SessionDep, admin, hq_of, redirect, render, require, router
from headoffice.db import schema as t
from headoffice.db.engine import reading
from pos.sync.protocol import StaffData

ROLES = ("cashier", "supervisor", "manager", "admin")
PIN_FIELDS = ("pin", "pin_again")
# The form's fields in the page's order, with their label's key (the error summary's links).
FIELDS = (("staff_id", "staff_id"), ("name_en", "name_en"), ("name_hi", "name_hi"),
          ("role", "role"), ("outlet_ids", "outlets"), ("pin", "pin_new"),
          ("pin_again", "pin_again"))


@dataclass(frozen=True, slots=True)
class OutletName:
    outlet_id: str
    name_en: str
    name_hi: str
    active: bool


def staff_list(conn: Connection, only: str | None = None) -> list[StaffData]:
    query = select(t.staff).order_by(t.staff.c.active.desc(), t.staff.c.name_en,
                                     t.staff.c.staff_id)
    if only is not None:
        query = query.where(t.staff.c.staff_id == only)
    return [StaffData.model_validate(dict(row._mapping)) for row in conn.execute(query)]


def outlet_names(conn: Connection) -> list[OutletName]:
    o = t.outlets
    return [OutletName(*row) for row in conn.execute(
        select(o.c.outlet_id, o.c.name_en, o.c.name_hi, o.c.active)
        .order_by(o.c.kind, o.c.outlet_id))]


@dataclass(frozen=True, slots=True)
class PinEntry:
    """The PIN fields as typed, taken out of the form, and the PIN's hash when it is valid
    (made before any transaction opens: scrypt is slow on purpose)."""

    pin: str = ""
    again: str = ""
    pin_hash: str = ""

    @classmethod
    def take(cls, form: Form) -> PinEntry:
        pin, again = (str(form.values.pop(name, "")) for name in PIN_FIELDS)
        ok = security.valid_pin(pin) and pin == again
        return cls(pin, again, security.hash_pin(pin) if ok else "")


def parse_staff(form: Form, conn: Connection, existing: StaffData | None,
                entry: PinEntry) -> StaffData | None:
    """The form as a staff member, or None with ``form.errors`` saying why."""
    pin, again = entry.pin, entry.again
    staff_id = existing.staff_id if existing else form.new_id("staff_id")
    if existing is None and staff_id and conn.execute(select(t.staff.c.staff_id).where(
            t.staff.c.staff_id == staff_id)).first() is not None:
        form.error("staff_id", "err_id_taken")
    data: dict[str, Any] = {"staff_id": staff_id,
                            "name_en": form.text("name_en", 100, required=True),
                            "name_hi": form.text("name_hi", 100),
                            "role": form.values.get("role", ""),
                            "active": form.flag("active")}
    if data["role"] not in ROLES:
        form.error("role", "err_required")
    known = {o.outlet_id for o in outlet_names(conn)}
    chosen = [o for o in form.values.get("outlet_ids", []) if isinstance(o, str)]
    form.values["outlet_ids"] = chosen
    if any(o not in known for o in chosen):
        form.error("outlet_ids", "err_required")
    if data["active"] and not chosen:
        form.error("outlet_ids", "err_no_outlet")
    data["outlet_ids"] = sorted(set(chosen))
    if pin or again or existing is None:
        if not security.valid_pin(pin):
            form.error("pin", "err_pin")
        elif pin != again:
            form.error("pin_again", "err_pin_again")
    if form.errors:
        if pin and "pin" not in form.errors and "pin_again" not in form.errors:
            form.error("pin", "err_pin_retype")  # it is never sent back into the form
        return None
    data["pin_hash"] = entry.pin_hash if pin else existing.pin_hash if existing else ""
    result: StaffData | None = form.model(StaffData, data)
    return result


def save_staff(engine: Engine, form: Form, staff_id: str | None
               ) -> tuple[StaffData | None, StaffData | None]:
    """Check and publish the form (a new person when ``staff_id`` is None): the person saved
    (None when the form has errors) and the one edited. The PIN is hashed first, outside the
    transaction that holds the catalogue writers' lock."""
    entry = PinEntry.take(form)

    def load(conn: Connection) -> StaffData | None:
        found = staff_list(conn, staff_id)
        return found[0] if found else None

    saved, person = publish(engine, form, "staff", None if staff_id is None else load,
                            partial(parse_staff, entry=entry))
    return saved if isinstance(saved, StaffData) else None, person


def _values(person: StaffData | None) -> dict[str, Any]:
    if person is None:
        return {"role": "cashier", "active": True, "outlet_ids": []}
    values = person.model_dump(exclude={"pin_hash"})
    values["outlet_ids"] = list(person.outlet_ids)
    return values


def _page(request: Request, session: Session, form: Form, person: StaffData | None,
          status: int = 200) -> Response:
    with reading(hq_of(request).engine) as conn:
        outlets = outlet_names(conn)
    listed = errors_in_order(form.errors, FIELDS)
    return render(request, "staff_member.html", session, status, f=form.values,
                  errors=form.errors, listed=listed, first_error=listed[0][0] if listed else "",
                  person=person, outlets=outlets, roles=ROLES, may_edit=session.role == "admin")


@router.get("/staff", response_class=HTMLResponse)
def staff_index(request: Request, session: SessionDep, saved: str = "") -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    with reading(hq_of(request).engine) as conn:
        people, outlets = staff_list(conn), {o.outlet_id: o for o in outlet_names(conn)}
    return render(request, "staff.html", session, people=people, outlets=outlets,
                  saved=saved[:64])


@router.get("/staff/new", response_class=HTMLResponse)
def staff_new(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    require(session, ("admin",))
    return _page(request, session, Form(_values(None), session.locale), None)


@router.get("/staff/{staff_id}", response_class=HTMLResponse)
def staff_edit(request: Request, session: SessionDep, staff_id: str) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    with reading(hq_of(request).engine) as conn:
        found = staff_list(conn, staff_id)
    if not found:
        raise HTTPException(404)
    return _page(request, session, Form(_values(found[0]), session.locale), found[0])


def _save(request: Request, session: Session, form: Form, staff_id: str | None) -> Response:
    saved, person = save_staff(hq_of(request).engine, form, staff_id)
    if saved is None:
        return _page(request, session, form, person, 400)
    return redirect(request, session, f"/staff?saved={saved.staff_id}")


async def _form(request: Request, session: Session) -> Form:
    raw = await request.form()
    form = form_of(raw, session.locale, {"outlet_ids": [str(v) for v in
                                                        raw.getlist("outlet_ids")]})
    admin(session, str(form.values.get("csrf", "")))
    return form


@router.post("/staff/new", response_class=HTMLResponse)
async def staff_create(request: Request, session: SessionDep) -> Response:
    form = await _form(request, session)
    return await run_in_threadpool(_save, request, session, form, None)


@router.post("/staff/{staff_id}", response_class=HTMLResponse)
async def staff_update(request: Request, session: SessionDep, staff_id: str) -> Response:
    form = await _form(request, session)
    return await run_in_threadpool(_save, request, session, form, staff_id)
