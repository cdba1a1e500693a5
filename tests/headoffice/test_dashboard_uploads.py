"""Uploads checked on the import page but never published are removed after a day: when the
next file is checked, and when the app starts (whatever serves it). Files are aged with
``os.utime``."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from headoffice.api import create_app
from headoffice.config import Settings
from tests.headoffice.conftest import HQ, TIMEOUT, start_server, stop_server
from tests.headoffice.test_dashboard import browser, csrf_of

OLD = "0" * 32 + ".csv"
FRESH = "1" * 32 + ".xlsx"


def aged(folder: Path, name: str, hours: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("sku\n", encoding="utf-8")
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))
    return path


def test_checking_a_file_removes_uploads_older_than_a_day(hq: HQ) -> None:
    folder = Path(hq.backend.env["EMPORIUM_HQ_DATA_DIR"]) / "uploads"
    old, fresh = aged(folder, OLD, 25), aged(folder, FRESH, 23)
    other = aged(folder, "notes.txt", 100)  # not an upload: left alone
    s = browser(hq, role="catalogue")
    token = csrf_of(s.get(f"{hq.backend.base}/import", timeout=TIMEOUT).text)
    r = s.post(f"{hq.backend.base}/import", data={"csrf": token}, timeout=TIMEOUT,
               files={"file": ("new.csv", b"sku,name_en\n", "text/csv")})
    assert r.status_code == 200
    assert not old.exists() and fresh.exists() and other.exists()
    fresh.unlink()
    other.unlink()


def test_the_server_removes_old_uploads_when_it_starts(hq: HQ, tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    old, fresh = aged(folder, OLD, 24.1), aged(folder, FRESH, 1)
    proc, _base, _env, _log = start_server(hq.backend.url, tmp_path)
    try:
        assert not old.exists() and fresh.exists()
    finally:
        stop_server(proc)


def test_the_app_itself_removes_old_uploads_when_it_starts(hq: HQ, tmp_path: Path) -> None:
    """Not only ``emporium-hq serve``: any server running the app factory (uvicorn or
    gunicorn with ``headoffice.api:app_from_env``) tidies the uploads in its lifespan."""
    folder = tmp_path / "uploads"
    old, fresh = aged(folder, OLD, 24.1), aged(folder, FRESH, 1)
    app = create_app(Settings.from_env({"EMPORIUM_HQ_DATABASE_URL": hq.backend.url,
                                        "EMPORIUM_HQ_DATA_DIR": str(tmp_path)}))

    async def start_and_stop() -> None:
        async with app.router.lifespan_context(app):
            assert not old.exists() and fresh.exists()

    asyncio.run(start_and_stop())
    assert fresh.exists()
