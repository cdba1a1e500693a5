"""The catalogue's products, searchable, and the Devanagari font the pages use."""

from __future__ import annotations

from pathlib import Path

import fontpkg_noto_sans_devanagari
from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from headoffice.dashboard import views
from headoffice.dashboard.web import SessionDep, hq_of, redirect, render, router
from headoffice.db.engine import reading

# The Devanagari font, so Hindi reads right on a PC without Hindi fonts.
DEVANAGARI_FONT = next((Path(fontpkg_noto_sans_devanagari.__file__).resolve().parent
                        / "files").glob("NotoSansDevanagari*.ttf"))


@router.get("/static/devanagari.ttf")
def devanagari_font() -> Response:
    return FileResponse(DEVANAGARI_FONT, media_type="font/ttf", headers={
        "Cache-Control": "public, max-age=604800", "X-Content-Type-Options": "nosniff"})


@router.get("/products", response_class=HTMLResponse)
def product_list(request: Request, session: SessionDep, q: str = "", page: int = 1
                 ) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    with reading(hq_of(request).engine) as conn:
        found = views.products(conn, q[:100], min(max(page, 1), 10**6))
    return render(request, "products.html", session, found=found, q=q[:100])
