"""Importing products from CSV or Excel: upload, the validation report, publishing all rows or
the clean ones. Uploads wait under ``data_dir/uploads`` between the check and the publish;
ones older than a day are removed (on every check, and when the app starts)."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from headoffice import importer
from headoffice.catalog import CatalogError
from headoffice.clock import india_date, now_utc
from headoffice.dashboard.i18n import tr
from headoffice.dashboard.session import Session
from headoffice.dashboard.web import SessionDep, hq_of, redirect, render, require, router
from headoffice.db.engine import reading
from headoffice.importer import COLUMNS, Problem

IMPORT_ROLES = ("admin", "catalogue")
MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xlsm")
UPLOAD_MAX_AGE = timedelta(hours=24)
_UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx|xlsm)$")


def uploads_folder(data_dir: Path) -> Path:
    return data_dir / "uploads"


def remove_old_uploads(data_dir: Path, max_age: timedelta = UPLOAD_MAX_AGE,
                       now: float | None = None) -> int:
    """Remove uploads last written more than ``max_age`` ago (checked, never published);
    returns how many. Files of other names are left alone."""
    folder = uploads_folder(data_dir)
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - max_age.total_seconds()
    removed = 0
    for path in folder.iterdir():
        try:
            if _UPLOAD_NAME.match(path.name) and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # removed meanwhile by another worker
    return removed


def _uploads(request: Request) -> Path:
    data_dir: Path = hq_of(request).settings.data_dir
    folder = uploads_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import_page(request: Request, session: Session, status: int = 200,
                 **extra: Any) -> Response:
    return render(request, "import.html", session, status, columns=", ".join(COLUMNS),
                  **extra)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, session: SessionDep) -> Response:
    if not session.logged_in:
        return redirect(request, session, "/login")
    require(session, IMPORT_ROLES)
    return _import_page(request, session)


@router.post("/import", response_class=HTMLResponse)
async def import_check(request: Request, session: SessionDep,
                       file: Annotated[UploadFile, File()],
                       csrf: Annotated[str, Form()]) -> Response:
    """Keep the upload under a random name and show its validation report (nothing applied)."""
    require(session, IMPORT_ROLES, csrf)
    remove_old_uploads(hq_of(request).settings.data_dir)
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        problem = Problem.of("bad_suffix", suffix=suffix) if suffix else Problem.of("no_suffix")
        return _import_page(request, session, 400, error=_file_error(session, problem))
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _import_page(request, session, 413, error=_file_error(
            session, Problem.of("too_large", mb=MAX_UPLOAD // (1024 * 1024))))
    name = f"{uuid.uuid4().hex}{suffix}"
    path = _uploads(request) / name
    path.write_bytes(data)
    return await run_in_threadpool(_report, request, session, path, file.filename or name,
                                   None)


def _file_error(session: Session, problem: Problem) -> str:
    return tr("file_error", session.locale).format(error=problem.text(session.locale))


def _report(request: Request, session: Session, path: Path, shown: str,
            clean_only: bool | None) -> Response:
    """The report of ``path``; with ``clean_only`` not None, apply it too (all or clean)."""
    hq = hq_of(request)
    today = india_date(now_utc())
    if clean_only is None:
        with reading(hq.engine) as conn:
            report = importer.validate(conn, path, today)
    else:
        try:
            with hq.engine.begin() as conn:
                report = importer.import_products(conn, path, today, clean_only=clean_only)
        except CatalogError as exc:  # a barcode taken meanwhile, say: nothing was published
            return _import_page(request, session, 409, error=tr(
                "err_refused", session.locale).format(reason=exc.reason), upload=path.name,
                shown=shown)
        if report.applied or not report.bad or clean_only:
            path.unlink(missing_ok=True)  # done with: a second apply would publish nothing
    return _import_page(request, session, report=report, upload=path.name if path.exists() else "",
                        shown=shown, done=clean_only is not None and (report.ok or clean_only))


@router.post("/import/apply", response_class=HTMLResponse)
def import_apply(request: Request, session: SessionDep, upload: Annotated[str, Form()],
                 shown: Annotated[str, Form()], mode: Annotated[str, Form()],
                 csrf: Annotated[str, Form()]) -> Response:
    """Publish a checked upload: every row (only if all are clean) or its clean rows."""
    require(session, IMPORT_ROLES, csrf)
    path = _uploads(request) / upload
    if not _UPLOAD_NAME.match(upload) or not path.exists():
        return _import_page(request, session, 410, error=tr("upload_gone", session.locale))
    return _report(request, session, path, shown[:200], mode == "clean")
