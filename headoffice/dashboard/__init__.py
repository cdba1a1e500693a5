"""The head-office dashboard: server-rendered pages in Hindi and English.

People log in with a user name and password (argon2id hashes; login attempts rate-limited per
address). The session is a signed cookie (HttpOnly, SameSite=Lax); every form carries the
session's CSRF token and a POST without the right one is refused (403). Pages:

* ``/`` — today's sales by outlet and fair stall, device health (last seen, pending events as
  the till reports them, suspended and revoked devices), the sync issues list (rejected,
  parked and flagged events), alerts (payload mismatches, reused numbers, seq going back) and
  the reconciliation of recent days; admins can revoke or reinstate a device and make a
  one-time enrolment code.
* ``/login``, ``/logout``; ``?lang=hi`` or ``?lang=en`` on any page switches the language.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import fontpkg_noto_sans_devanagari
from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import update

from headoffice import devices, importer
from headoffice.clock import india_date, now_utc
from headoffice.dashboard import session as sessions
from headoffice.dashboard import views
from headoffice.dashboard.i18n import LOCALES, inr, tr
from headoffice.dashboard.session import COOKIE, Session
from headoffice.db import schema as t
from headoffice.db.engine import reading
from headoffice.devices import DeviceError
from headoffice.importer import COLUMNS
from headoffice.users import check_login
from pos.sync.protocol import DeviceStatus

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["inr"] = inr
router = APIRouter(include_in_schema=False)

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def _hq(request: Request) -> Any:
    return request.app.state.hq


def _key(request: Request) -> bytes:
    hq = _hq(request)
    key: bytes | None = getattr(hq, "session_key", None)
    if key is None:
        with hq.engine.begin() as conn:
            key = sessions.session_key(conn)
        hq.session_key = key
    return key


def current_session(request: Request) -> Session:
    """The visitor's session (a fresh anonymous one if none), language from ``?lang=``."""
    session = sessions.load(_key(request), request.cookies.get(COOKIE), now_utc())
    if session is None:
        session = Session.anonymous()
    lang = request.query_params.get("lang")
    if lang in LOCALES and lang != session.locale:
        session = Session(session.csrf, lang, session.user_id, session.name, session.role,
                          session.expires)
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def _render(request: Request, name: str, session: Session, status: int = 200,
            **context: Any) -> Response:
    locale = session.locale

    def t(key: str, **values: Any) -> str:
        return tr(key, locale).format(**values)

    response = templates.TemplateResponse(request, name, {
        "session": session, "t": t, "locale": locale, "other_locale":
        "en" if locale == "hi" else "hi", **context}, status_code=status)
    return _finish(request, response, session)


def _finish(request: Request, response: Response, session: Session) -> Response:
    response.set_cookie(COOKIE, sessions.dump(_key(request), session), httponly=True,
                        samesite="lax", secure=request.url.scheme == "https",
                        max_age=int(sessions.LIFETIME.total_seconds()))
    response.headers.update(SECURITY_HEADERS)
    return response


def _check_csrf(session: Session, token: str) -> None:
    if not sessions.csrf_ok(session, token):
        raise HTTPException(403, detail={"code": "csrf", "message": "stale or forged form"})


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep) -> Response:
    if session.logged_in:
        return _finish(request, RedirectResponse("/", status_code=303), session)
    return _render(request, "login.html", session)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, session: SessionDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(session, csrf)
    hq = _hq(request)
    client = request.client.host if request.client else "unknown"
    now = now_utc()
    with hq.engine.begin() as conn:  # failed logins only count: an office shares one address
        wait = devices.rate_wait(conn, "login", client, limit=hq.settings.login_limit,
                                 window=hq.settings.rate_window, now=now)
    if wait is not None:
        response = _render(request, "login.html", session, 429, error="too_many")
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
        return _render(request, "login.html", session, 401, error="bad_login",
                       username=username)
    user_id, name, role = found
    fresh = Session(Session.anonymous().csrf, session.locale, user_id, name, role,
                    (now + sessions.LIFETIME).timestamp())
    return _finish(request, RedirectResponse("/", status_code=303), fresh)


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(session, csrf)
    return _finish(request, RedirectResponse("/login", status_code=303),
                   Session.anonymous(session.locale))


def _home(request: Request, session: Session, status: int = 200, **extra: Any) -> Response:
    hq = _hq(request)
    now = now_utc()
    today = india_date(now)
    with reading(hq.engine) as conn:
        outlets = views.sales_by_outlet(conn, today)
        context = {
            "today": today, "outlets": outlets,
            "totals": {k: sum(getattr(o, k) for o in outlets)
                       for k in ("bills", "sales", "tax", "refunds", "net")},
            "devices": views.device_health(conn), "issues": views.sync_issues(conn),
            "alerts": views.alerts(conn), "days": views.recent_days(conn, today),
            "ago": lambda moment: views.ago(moment, now), **extra,
        }
    return _render(request, "home.html", session, status, **context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return _finish(request, RedirectResponse("/login", status_code=303), session)
    return _home(request, session)


def _admin(session: Session, csrf: str) -> None:
    if not session.logged_in:
        raise HTTPException(401, detail={"code": "login_required", "message": ""})
    _check_csrf(session, csrf)
    if session.role != "admin":
        raise HTTPException(403, detail={"code": "not_allowed", "message": "admins only"})


@router.post("/devices/{device_id}/{action}")
def device_action(request: Request, session: SessionDep, device_id: str, action: str,
                  csrf: Annotated[str, Form()]) -> Response:
    _admin(session, csrf)
    status = {"revoke": DeviceStatus.REVOKED, "reinstate": DeviceStatus.ACTIVE}.get(action)
    if status is None:
        raise HTTPException(404)
    with _hq(request).engine.begin() as conn:
        devices.set_status(conn, device_id, status, f"{action} by {session.name}", now_utc())
    return _finish(request, RedirectResponse("/", status_code=303), session)


@router.post("/enrol-codes", response_class=HTMLResponse)
def enrol_code(request: Request, session: SessionDep, outlet_id: Annotated[str, Form()],
               csrf: Annotated[str, Form()]) -> Response:
    _admin(session, csrf)
    hq = _hq(request)
    ttl: timedelta = hq.settings.enrol_code_ttl
    try:
        with hq.engine.begin() as conn:
            code = devices.create_enrol_code(conn, outlet_id, now=now_utc(), ttl=ttl,
                                             created_by=session.name)
    except DeviceError as exc:
        return _home(request, session, 400, error=exc.message)
    return _home(request, session, new_code={"outlet": outlet_id, "code": code,
                                             "minutes": int(ttl.total_seconds() // 60)})


# -- importing products ------------------------------------------------------------------------

IMPORT_ROLES = ("admin", "catalogue")
MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx|xlsm)$")


def _may_import(request: Request, session: Session, csrf: str | None = None) -> None:
    if not session.logged_in:
        raise HTTPException(401, detail={"code": "login_required", "message": ""})
    if csrf is not None:
        _check_csrf(session, csrf)
    if session.role not in IMPORT_ROLES:
        raise HTTPException(403, detail={"code": "not_allowed",
                                         "message": tr("forbidden", session.locale)})


def _uploads(request: Request) -> Path:
    folder: Path = _hq(request).settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import_page(request: Request, session: Session, status: int = 200,
                 **extra: Any) -> Response:
    return _render(request, "import.html", session, status, columns=", ".join(COLUMNS),
                   **extra)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return _finish(request, RedirectResponse("/login", status_code=303), session)
    _may_import(request, session)
    return _import_page(request, session)


@router.post("/import", response_class=HTMLResponse)
async def import_check(request: Request, session: SessionDep,
                       file: Annotated[UploadFile, File()],
                       csrf: Annotated[str, Form()]) -> Response:
    """Keep the upload under a random name and show its validation report (nothing applied)."""
    _may_import(request, session, csrf)
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return _import_page(request, session, 400, error=tr("file_error", session.locale)
                            .format(error=f"{suffix or 'no extension'}: send .csv or .xlsx"))
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _import_page(request, session, 413, error=tr("file_error", session.locale)
                            .format(error="larger than 20 MB"))
    name = f"{uuid.uuid4().hex}{suffix}"
    path = _uploads(request) / name
    path.write_bytes(data)
    return await run_in_threadpool(_report, request, session, path, file.filename or name,
                                   None)


def _report(request: Request, session: Session, path: Path, shown: str,
            clean_only: bool | None) -> Response:
    """The report of ``path``; with ``clean_only`` not None, apply it too (all or clean)."""
    hq = _hq(request)
    today = india_date(now_utc())
    if clean_only is None:
        with reading(hq.engine) as conn:
            report = importer.validate(conn, path, today)
    else:
        with hq.engine.begin() as conn:
            report = importer.import_products(conn, path, today, clean_only=clean_only)
        if report.applied or not report.bad or clean_only:
            path.unlink(missing_ok=True)  # done with: a second apply would publish nothing
    return _import_page(request, session, report=report, upload=path.name if path.exists() else "",
                        shown=shown, done=clean_only is not None and (report.ok or clean_only))


@router.post("/import/apply", response_class=HTMLResponse)
def import_apply(request: Request, session: SessionDep, upload: Annotated[str, Form()],
                 shown: Annotated[str, Form()], mode: Annotated[str, Form()],
                 csrf: Annotated[str, Form()]) -> Response:
    """Publish a checked upload: every row (only if all are clean) or its clean rows."""
    _may_import(request, session, csrf)
    path = _uploads(request) / upload
    if not _UPLOAD_NAME.match(upload) or not path.exists():
        return _import_page(request, session, 410, error=tr("upload_gone", session.locale))
    return _report(request, session, path, shown[:200], mode == "clean")


# -- the Devanagari font, so Hindi reads right on a PC without Hindi fonts ---------------------

DEVANAGARI_FONT = next((Path(fontpkg_noto_sans_devanagari.__file__).resolve().parent
                        / "files").glob("NotoSansDevanagari*.ttf"))


@router.get("/static/devanagari.ttf")
def devanagari_font() -> Response:
    return FileResponse(DEVANAGARI_FONT, media_type="font/ttf", headers={
        "Cache-Control": "public, max-age=604800", "X-Content-Type-Options": "nosniff"})


# -- the catalogue -----------------------------------------------------------------------------


@router.get("/products", response_class=HTMLResponse)
def product_list(request: Request, session: SessionDep, q: str = "", page: int = 1
                 ) -> Response:
    if not session.logged_in:
        return _finish(request, RedirectResponse("/login", status_code=303), session)
    with reading(_hq(request).engine) as conn:
        found = views.products(conn, q[:100], min(max(page, 1), 10**6))
    return _render(request, "products.html", session, found=found, q=q[:100])
