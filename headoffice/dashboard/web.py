"""What every dashboard page shares: the router, templates, the session cookie, CSRF and role
checks, and rendering a page in the visitor's language with the security headers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from headoffice.clock import now_utc
from headoffice.dashboard import session as sessions
from headoffice.dashboard.i18n import LOCALES, day, inr, moment, text, tr
from headoffice.dashboard.session import COOKIE, Session

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["inr"] = inr
templates.env.filters["day"] = day  # 22-11-2026, as the tills print dates
templates.env.filters["moment"] = moment  # 22-11-2026 14:05, India's time
router = APIRouter(include_in_schema=False)

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def hq_of(request: Request) -> Any:
    return request.app.state.hq


def _key(request: Request) -> bytes:
    hq = hq_of(request)
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
        session = replace(session, locale=lang)
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def render(request: Request, name: str, session: Session, status: int = 200,
           **context: Any) -> Response:
    locale = session.locale

    def t(key: str, **values: Any) -> str:
        return text(key, locale, **values)

    response = templates.TemplateResponse(request, name, {
        "session": session, "t": t, "locale": locale, "other_locale":
        "en" if locale == "hi" else "hi", **context}, status_code=status)
    return finish(request, response, session)


def finish(request: Request, response: Response, session: Session) -> Response:
    response.set_cookie(COOKIE, sessions.dump(_key(request), session), httponly=True,
                        samesite="lax", secure=request.url.scheme == "https",
                        max_age=int(sessions.LIFETIME.total_seconds()))
    response.headers.update(SECURITY_HEADERS)
    return response


def redirect(request: Request, session: Session, url: str) -> Response:
    return finish(request, RedirectResponse(url, status_code=303), session)


def check_csrf(session: Session, token: str) -> None:
    if not sessions.csrf_ok(session, token):
        raise HTTPException(403, detail={"code": "csrf", "message": "stale or forged form"})


def require(session: Session, roles: tuple[str, ...] | None = None,
            csrf: str | None = None) -> None:
    """Refuse (401/403) a visitor not logged in, a form without this session's CSRF token
    (when ``csrf`` is given) or a role not in ``roles`` (any role when None)."""
    if not session.logged_in:
        raise HTTPException(401, detail={"code": "login_required", "message": ""})
    if csrf is not None:
        check_csrf(session, csrf)
    if roles is not None and session.role not in roles:
        raise HTTPException(403, detail={"code": "not_allowed",
                                         "message": tr("forbidden", session.locale)})


def admin(session: Session, csrf: str) -> None:
    require(session, ("admin",), csrf)
