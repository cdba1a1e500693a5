"""The head-office web application: sync API v1 under ``/api/v1`` (and the dashboard).

Endpoints are those of DESIGN.md, "Sync protocol (version 1)"; the models are in
:mod:`pos.sync.protocol` and FastAPI publishes them at ``/openapi.json`` (``/docs`` to browse).
Every request but ``/enroll`` and ``/health`` carries ``Authorization: Bearer <device token>``;
the device's outlet decides what it may send and see. Tokens, codes and passwords are never
logged: they travel only in headers and bodies, which nothing here writes out.
"""

from __future__ import annotations

import gc
import gzip
import logging
import os
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from pydantic_core import from_json
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from headoffice import catalog, dashboard, devices, ingest
from headoffice.clock import now_utc
from headoffice.config import Settings
from headoffice.dashboard.import_pages import remove_old_uploads
from headoffice.db.engine import (
    check_encoding,
    current_revision,
    head_revision,
    make_engine,
    reading,
    safe_url,
    snapshot_read,
)
from headoffice.devices import Device, DeviceError
from pos.sync.protocol import (
    API_PREFIX,
    DEFAULT_CHANGES_LIMIT,
    HEADER_OLDEST,
    HEADER_PENDING,
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    MAX_CHANGES_LIMIT,
    MAX_INFLATED_BYTES,
    MAX_SINGLE_EVENT_BYTES,
    PROTOCOL_VERSION,
    CatalogChangesResponse,
    DeviceStatus,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    MetaResponse,
    PushRequest,
    PushResponse,
    SnapshotHeader,
)

log = logging.getLogger("headoffice")
T = TypeVar("T")


@dataclass
class HeadOffice:
    settings: Settings
    engine: Engine
    session_key: bytes | None = None  # the dashboard's cookie-signing key, read once


def _error(status: int, code: str, message: str = "",
           headers: dict[str, str] | None = None) -> HTTPException:
    return HTTPException(status, detail={"code": code, "message": message}, headers=headers)


def _from_device_error(exc: DeviceError) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return _error(exc.status, exc.code, exc.message, headers)


def hq_of(request: Request) -> HeadOffice:
    hq: HeadOffice = request.app.state.hq
    return hq


HQ = Annotated[HeadOffice, Depends(hq_of)]
_bearer = HTTPBearer(auto_error=False, description="the device token from POST /enroll")


def _reported(request: Request) -> tuple[int, datetime | None] | None:
    """What the till says it still has to send (optional headers), if it says so."""
    raw = request.headers.get(HEADER_PENDING, "").strip()
    if not raw.isdigit():
        return None
    oldest: datetime | None = None
    try:
        oldest = datetime.fromisoformat(request.headers.get(HEADER_OLDEST, "").strip())
    except ValueError:
        oldest = None
    if oldest is not None and oldest.tzinfo is None:
        oldest = None
    return min(int(raw), 10**12), oldest


def current_device(request: Request, hq: HQ,
                   credentials: Annotated[HTTPAuthorizationCredentials | None,
                                          Depends(_bearer)]) -> Device:
    """The device presenting the token (401 when unknown or revoked)."""
    if credentials is None or credentials.scheme.lower() != "bearer" \
            or not credentials.credentials:
        raise _error(401, "token_required", "send Authorization: Bearer <device token>",
                     {"WWW-Authenticate": "Bearer"})
    try:
        with reading(hq.engine) as conn:
            device = devices.authenticate(conn, credentials.credentials)
    except DeviceError as exc:
        raise _from_device_error(exc) from None
    now = now_utc()
    reported = _reported(request)
    if reported is not None:
        with hq.engine.begin() as conn:
            devices.report(conn, device.device_id, now, *reported)
    elif device.last_seen_at is None or now - device.last_seen_at > devices.LAST_SEEN_RESOLUTION:
        with hq.engine.begin() as conn:
            devices.touch(conn, device.device_id, now)
    return device


DeviceDep = Annotated[Device, Depends(current_device)]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "token unknown or revoked: stop syncing"},
    403: {"model": ErrorResponse, "description": "not allowed for this device"},
    422: {"model": ErrorResponse, "description": "not a protocol v1 request"},
}

router = APIRouter(prefix=API_PREFIX)


@router.get("/health", tags=["meta"])
def health() -> dict[str, Any]:
    return {"status": "ok", "protocol": PROTOCOL_VERSION}


@router.post("/enroll", response_model=EnrollResponse, tags=["devices"],
             responses={**ERRORS, 429: {"model": ErrorResponse,
                                        "description": "too many attempts: Retry-After"}})
def enroll(body: EnrollRequest, request: Request, hq: HQ) -> EnrollResponse:
    """Exchange a one-time enrolment code for a device token (shown once)."""
    now = now_utc()
    client = request.client.host if request.client else "unknown"
    with hq.engine.begin() as conn:
        wait = devices.rate_limit(conn, "enrol", client, limit=hq.settings.enrol_limit,
                                  window=hq.settings.rate_window, now=now)
    if wait is not None:
        raise _error(429, "too_many_attempts", "too many enrolment attempts: wait",
                     {"Retry-After": str(wait)})
    try:
        with hq.engine.begin() as conn:
            response = devices.enrol(conn, code=body.code, label=body.label,
                                     app_version=body.app_version,
                                     expected_outlet=body.outlet_id, now=now)
    except DeviceError as exc:
        raise _from_device_error(exc) from None
    log.info("device %s enrolled at outlet %s (%s)", response.device_id,
             response.outlet.outlet_id, body.label)
    return response


@router.get("/sync/meta", response_model=MetaResponse, tags=["sync"], responses=ERRORS)
def meta(hq: HQ, device: DeviceDep) -> MetaResponse:
    with reading(hq.engine) as conn:
        head, _purged = catalog.catalog_head(conn)
    return MetaResponse(server_time=now_utc(), device_id=device.device_id,
                        device_status=device.status, outlet_id=device.outlet_id,
                        series_prefix=device.series_prefix,
                        credit_series_prefix=device.credit_prefix,
                        last_applied_seq=device.last_applied_seq, catalog_cursor=head)


async def _read_body(request: Request) -> tuple[bytes, int]:
    """The request body, inflated if gzip, and its size as sent; 413 for more than a batch
    may hold (as sent, or inflated)."""
    too_big = _error(413, "batch_too_large", f"at most {MAX_BATCH_BYTES} bytes a batch as "
                     "sent (gzip it)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_SINGLE_EVENT_BYTES:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_SINGLE_EVENT_BYTES:
            raise too_big
        chunks.append(chunk)
    body = b"".join(chunks)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_INFLATED_BYTES + 1)
        except zlib.error:
            raise _error(422, "bad_gzip", "the body is not valid gzip") from None
        if len(body) > MAX_INFLATED_BYTES or inflater.unconsumed_tail:
            raise too_big
    elif encoding not in ("identity", ""):
        raise _error(415, "unsupported_encoding", "send JSON, plain or gzip")
    return body, size


def _with_retries(engine: Engine, work: Callable[[], T]) -> T:
    """Run ``work`` (one transaction); on PostgreSQL a deadlock or serialisation failure
    rolls everything back, so it is simply run again."""
    for attempt in range(5):
        try:
            return work()
        except OperationalError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            if engine.dialect.name == "postgresql" and code in ("40P01", "40001") \
                    and attempt < 4:
                time.sleep(0.05 * (attempt + 1))
                continue
            if engine.dialect.name == "sqlite" and "locked" in str(exc.orig):
                raise _error(503, "busy", "head office is busy: retry",
                             {"Retry-After": "5"}) from None
            raise
    raise AssertionError("unreachable")  # pragma: no cover


@router.post(
    "/sync/push", response_model=PushResponse, tags=["sync"],
    responses={**ERRORS, 413: {"model": ErrorResponse, "description": "batch too large"}},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/PushRequest"}}}}},
)
async def push(request: Request, hq: HQ, device: DeviceDep) -> Response:
    """Send outbox events in ``seq`` order: JSON, gzipped (``Content-Encoding: gzip``) to fit
    at most 100 events in 256 KB as sent.

    The whole batch is one transaction with a savepoint per event; each event gets a status
    (``applied``, ``duplicate``, ``payload_mismatch``, ``gap``, ``rejected``, ``parked``)."""
    if device.status is DeviceStatus.SUSPENDED:
        raise _error(403, "device_suspended", "this device is suspended: call head office")
    body, sent = await _read_body(request)
    try:
        # pydantic's parser (jiter): about 60 % of json.loads' time on a batch; it keeps
        # only the keys' strings (the values' are nearly all different).
        document = from_json(body, cache_strings="keys")
    except ValueError:  # not JSON, not UTF-8, a lone surrogate
        raise _error(422, "bad_json", "the body is not JSON") from None
    if isinstance(document, dict) and isinstance(document.get("events"), list) \
            and len(document["events"]) > MAX_BATCH_EVENTS:
        raise _error(413, "batch_too_large", f"at most {MAX_BATCH_EVENTS} events a batch")
    try:
        batch = ingest.LoosePush.model_validate(document)
        ingest.check_batch(batch)
    except ValidationError as exc:
        raise _error(422, "bad_batch", ingest.first_error(exc)) from None
    except ingest.BatchError as exc:
        raise _error(422, "bad_batch", str(exc)) from None
    if sent > MAX_BATCH_BYTES and len(batch.events) > 1:
        raise _error(413, "batch_too_large", f"at most {MAX_BATCH_BYTES} bytes a batch as "
                     "sent: gzip it, or send fewer events (one event alone may be bigger)")

    def work() -> PushResponse:
        with hq.engine.begin() as conn:
            return ingest.push(conn, device.device_id, batch.events, now=now_utc(),
                               clock_skew=hq.settings.clock_skew)

    response = await run_in_threadpool(_with_retries, hq.engine, work)
    summary: dict[str, int] = {}
    for result in response.results:
        summary[result.status.value] = summary.get(result.status.value, 0) + 1
    log.info("push from %s: %s", device.device_id, summary)
    # Serialised once, by pydantic (FastAPI would dump, validate again and dump again).
    return Response(response.model_dump_json(), media_type="application/json")


@router.get("/catalog/changes", response_model=CatalogChangesResponse, tags=["catalogue"],
            responses={**ERRORS, 304: {"description": "unchanged since the ETag"},
                       410: {"model": ErrorResponse,
                             "description": "cursor older than the tombstone window: take "
                                            "a snapshot"}})
def changes(hq: HQ, device: DeviceDep,
            since: Annotated[int, Query(ge=0)] = 0,
            limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_LIMIT)] = DEFAULT_CHANGES_LIMIT,
            if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """Catalogue changes after the cursor ``since``, oldest first."""
    with snapshot_read(hq.engine) as conn:
        head, purged = catalog.catalog_head(conn)
        etag = catalog.changes_etag(device.outlet_id, since, limit, head, purged)
        if if_none_match and etag in [tag.strip().removeprefix("W/")
                                      for tag in if_none_match.split(",")]:
            return Response(status_code=304, headers={"ETag": etag})
        try:
            page = catalog.read_changes(conn, device.outlet_id, since, limit)
        except catalog.StaleCursor:
            raise _error(410, "cursor_too_old", "load the catalogue snapshot") from None
    return JSONResponse(page.response.model_dump(mode="json"),
                        headers={"ETag": page.etag, "Cache-Control": "private, no-cache"})


def _cached_snapshot(hq: HeadOffice, conn: Any, outlet_id: str, cursor: int) -> Path:
    """The snapshot file of ``outlet_id`` at ``cursor``: built once, then served from disk
    (what an outlet's devices see at a cursor never changes; every write moves the cursor)."""
    folder = hq.settings.data_dir / "snapshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"catalog-{outlet_id}-{cursor}.ndjson.gz"
    if not path.exists():
        partial = folder / f".{path.name}.{uuid.uuid4().hex}.part"
        try:
            with partial.open("wb") as out:
                catalog.write_snapshot(conn, outlet_id, out)
            os.replace(partial, path)  # readers see a whole file or none
        finally:
            partial.unlink(missing_ok=True)
        for old in folder.glob(f"catalog-{outlet_id}-*.ndjson.gz"):
            if old != path:
                old.unlink(missing_ok=True)  # a download in progress keeps its open file
    return path


@router.get("/catalog/snapshot", tags=["catalogue"],
            responses={**ERRORS, 200: {"content": {"application/gzip": {}},
                                       "description": "gzip-compressed NDJSON"},
                       304: {"description": "unchanged since the ETag"}})
def snapshot(hq: HQ, device: DeviceDep,
             if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """The whole catalogue as this device sees it, with its cursor (header line and
    ``X-Catalog-Cursor``), from one consistent read. Built once per outlet and cursor."""
    with snapshot_read(hq.engine) as conn:
        head, _purged = catalog.catalog_head(conn)
        etag = f'"snapshot-{device.outlet_id}-{head}"'
        if if_none_match and etag in if_none_match:
            return Response(status_code=304, headers={"ETag": etag})
        path = _cached_snapshot(hq, conn, device.outlet_id, head)
    with gzip.open(path, "rb") as handle:
        header = SnapshotHeader.model_validate_json(handle.readline())
    return FileResponse(path, media_type="application/gzip", filename=path.name, headers={
        "ETag": etag, "X-Catalog-Cursor": str(header.cursor),
        "X-Catalog-Rows": str(header.rows)})


def tune_gc() -> None:
    """A push batch parses ~1 MB of JSON into some 200,000 objects that live a few dozen
    milliseconds: with Python's default thresholds the collector runs hundreds of times a
    batch and walks the whole heap often (a fifth of the batch's time). Objects made while
    starting are frozen out of collections, and the youngest generation is collected once
    100,000 more container objects are alive than at the last collection, instead of 700:
    a batch keeps some 10,000 alive at its peak (two batches at once in a worker) and frees
    them at its end, so a collection hardly ever runs (at 10,000 one ran every batch,
    walking the live batch: ~5 ms of its ~100)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 20, 20)


def create_app(settings: Settings | None = None, *, check_schema: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if check_schema:
            check_encoding(engine)
            revision = current_revision(engine)
            if revision != head_revision():
                raise RuntimeError(f"the database {safe_url(settings.database_url)} is at "
                                   f"schema {revision}: run `emporium-hq migrate` first")
        log.info("head office on %s", safe_url(settings.database_url))
        # Checked a day ago and never published: whoever runs the app (``cli serve``, uvicorn
        # or gunicorn with this factory, every worker) tidies them when it starts.
        await run_in_threadpool(remove_old_uploads, settings.data_dir)
        tune_gc()
        yield
        engine.dispose()

    app = FastAPI(title="Emporium POS head office", version="1",
                  summary="Central catalogue, device enrolment and sync API v1 for the tills",
                  lifespan=lifespan)
    app.state.hq = HeadOffice(settings, engine)
    app.include_router(router)
    app.include_router(dashboard.router)
    app.openapi_schema = None
    _add_push_schema(app)
    return app


def _add_push_schema(app: FastAPI) -> None:
    """Publish PushRequest in the OpenAPI components (the push endpoint reads its raw body to
    accept gzip and to quarantine malformed events one by one)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            defs = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, sub in defs.pop("$defs", {}).items():
                components.setdefault(name, sub)
            components["PushRequest"] = defs
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory headoffice.api:app_from_env`` (several workers)."""
    return create_app()
