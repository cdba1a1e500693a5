"""Logging in and out, and the home page: today's sales, device health (revoke, reinstate,
replace), sync issues, alerts, day reconciliation, one-time enrolment codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

from fastapi import Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select, update

from headoffice import devices, security
from headoffice.clock import india_date, now_utc
from headoffice.dashboard import session as sessions
from headoffice.dashboard import views
from headoffice.dashboard.i18n import TEXT, moment, tr
from headoffice.dashboard.session import Session
from headoffice.dashboard.web import (
    SessionDep,
    admin,
    check_csrf,
    hq_of,
    redirect,
    render,
    router,
)
from headoffice.db import schema as t
from headoffice.db.engine import reading
from headoffice.devices import DeviceError
from headoffice.users import check_login
from pos.sync.protocol import DeviceStatus


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep) -> Response:
    if session.logged_in:
        return redirect(request, session, "/")
    return render(request, "login.html", session)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, session: SessionDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], csrf: Annotated[str, Form()]) -> Response:
    check_csrf(session, csrf)
    hq = hq_of(request)
    client = request.client.host if request.client else "unknown"
    now = now_utc()
    with hq.engine.begin() as conn:  # failed logins only count: an office shares one address
        wait = devices.rate_wait(conn, "login", client, limit=hq.settings.login_limit,
                                 window=hq.settings.rate_window, now=now)
    if wait is not None:
        response = render(request, "login.html", session, 429, error="too_many")
        response.headers["Retry-After"] = str(wait)
        return response
    with hq.engine.begin() as conn:
        found = check_login(conn, username, password)
        if found is not None:
            conn.execute(update(t.dashboard_users).where(t.dashboard_users.c.user_id
                                                         == found[0]).values(last_login_at=now))
    if found is None:
        with hq.engine.begin() as conn:
            devices.rate_count(conn, "login", client, now)
        return render(request, "login.html", session, 401, error="bad_login",
                      username=username)
    user_id, name, role = found
    fresh = Session(Session.anonymous().csrf, session.locale, user_id, name, role,
                    (now + sessions.LIFETIME).timestamp())
    return redirect(request, fresh, "/")


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(session, csrf)
    return redirect(request, Session.anonymous(session.locale), "/login")


def _shown_code(conn: Any, session: Session, now: datetime) -> dict[str, Any] | None:
    """The enrolment code the session made last, while it is unused and unexpired."""
    if not session.code:
        return None
    ec = t.enrol_codes
    row = conn.execute(select(ec).where(
        ec.c.code_sha256 == security.enrol_code_hash(session.code))).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    old = devices.device_row(conn, row.replaces_device_id) if row.replaces_device_id else None
    return {"outlet": row.outlet_id, "code": session.code, "until": moment(row.expires_at),
            "replaces": old, "risk": devices.unsent_risk(conn, old) if old else None}


def _home(request: Request, session: Session, status: int = 200, **extra: Any) -> Response:
    hq = hq_of(request)
    now = now_utc()
    today = india_date(now)
    with reading(hq.engine) as conn:
        outlets = views.sales_by_outlet(conn, today)
        shown = _shown_code(conn, session, now)
        context = {
            "today": today, "outlets": outlets,
            "totals": {k: sum(getattr(o, k) for o in outlets)
                       for k in ("bills", "sales", "tax", "refunds", "net")},
            "devices": views.device_health(conn), "issues": views.sync_issues(conn),
            "alerts": views.alerts(conn), "days": views.recent_days(conn, today),
            "ago": lambda when: views.ago(when, now, session.locale), "new_code": shown,
            **extra,
        }
    if shown is None and session.code:
        session = replace(session, code="")  # used or expired: not shown again
    return render(request, "home.html", session, status, **context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    return _home(request, session)


def _new_code(request: Request, session: Session, outlet_id: str,
              replaces: str | None = None, lost_confirmed: bool = False,
              confirming: bool = False) -> Response:
    """Make a one-time code for ``outlet_id`` (replacing device ``replaces``), keep it in the
    session and redirect to the home page that shows it (a reload shows it again, never makes
    another)."""
    hq = hq_of(request)
    now = now_utc()
    try:
        with hq.engine.begin() as conn:
            if replaces is not None:
                old = devices.device_row(conn, replaces)
                if old is None:
                    raise HTTPException(404)
                outlet_id = old.outlet_id
            code = devices.create_enrol_code(conn, outlet_id, now=now,
                                             ttl=hq.settings.enrol_code_ttl,
                                             created_by=session.name,
                                             replaces_device_id=replaces,
                                             lost_confirmed=lost_confirmed)
    except DeviceError as exc:
        if exc.code == "unsent_events" and replaces is not None:
            with reading(hq.engine) as conn:
                old = devices.device_row(conn, replaces)
                risk = devices.unsent_risk(conn, old)
            return _home(request, session, 409, confirm={"device": old, "risk": risk},
                         error=tr("dev_unsent_events", session.locale) if confirming else "")
        key = f"dev_{exc.code}"
        return _home(request, session, 400,
                     error=tr(key, session.locale) if key in TEXT else exc.message)
    return redirect(request, replace(session, code=code), "/")


@router.post("/devices/{device_id}/replace", response_class=HTMLResponse)
def replace_device(request: Request, session: SessionDep, device_id: str,
                   csrf: Annotated[str, Form()], lost: Annotated[str, Form()] = "",
                   confirming: Annotated[str, Form()] = "") -> Response:
    """A one-time code for the device's outlet; the till that enrols with it revokes this
    device in the same transaction. A device that may still hold unsent events asks first
    for "the old laptop is lost" (``lost``)."""
    admin(session, csrf)
    return _new_code(request, session, "", replaces=device_id, lost_confirmed=lost == "on",
                     confirming=bool(confirming))


@router.post("/devices/{device_id}/{action}")
def device_action(request: Request, session: SessionDep, device_id: str, action: str,
                  csrf: Annotated[str, Form()]) -> Response:
    admin(session, csrf)
    status = {"revoke": DeviceStatus.REVOKED, "reinstate": DeviceStatus.ACTIVE}.get(action)
    if status is None:
        raise HTTPException(404)
    with hq_of(request).engine.begin() as conn:
        devices.set_status(conn, device_id, status, f"{action} by {session.name}", now_utc())
    return redirect(request, session, "/")


@router.post("/enrol-codes", response_class=HTMLResponse)
def enrol_code(request: Request, session: SessionDep, outlet_id: Annotated[str, Form()],
               csrf: Annotated[str, Form()]) -> Response:
    admin(session, csrf)
    return _new_code(request, session, outlet_id)
