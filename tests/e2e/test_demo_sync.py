"""The Quick-start promise, end to end in a real X server: the demo till enrols with the demo
head office by itself, a sale made at the till reaches head office within seconds; with head
office stopped the till keeps selling, and it catches up when head office is back."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import requests

from tests.e2e.test_xvfb_smoke import ARTIFACTS, SCREENSHOT, display, wait_until, xdo
from tests.headoffice.conftest import ROOT, free_port

__all__ = ["display"]  # the fixture


def hq_env(folder: Path) -> dict[str, str]:
    return {**os.environ, "EMPORIUM_HQ_DATABASE_URL": f"sqlite:///{folder / 'hq.db'}",
            "EMPORIUM_HQ_DATA_DIR": str(folder),
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def serve(folder: Path, port: int) -> subprocess.Popen[bytes]:
    log = (folder / f"serve-{port}.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "headoffice", "serve", "--port", str(port)],
                            cwd=ROOT, env=hq_env(folder), stdout=log, stderr=subprocess.STDOUT)

    def up() -> bool:
        assert proc.poll() is None, (folder / f"serve-{port}.log").read_text()[-3000:]
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok
        except requests.ConnectionError:
            return False

    wait_until(up, 60, "head office to start")
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def hq_sales(folder: Path) -> list[tuple[str, int]]:
    con = sqlite3.connect(folder / "hq.db")
    try:
        return [(r[0], r[1]) for r in con.execute(
            "SELECT invoice_no, payable FROM sales ORDER BY invoice_no")]
    finally:
        con.close()


def till_count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def sell(env: dict[str, str], db: Path, code: str, sales_after: int) -> None:
    xdo(env, "type", "--delay", "5", code)
    xdo(env, "key", "Return")
    wait_until(lambda: till_count(db, "SELECT count(*) FROM held_bills WHERE hold_id = "
                                      "'current'") == 1, 30, "the line on the bill")
    xdo(env, "key", "F12")
    xdo(env, "search", "--sync", "--onlyvisible", "--name", "Payment")
    xdo(env, "key", "Return")  # exact cash
    wait_until(lambda: till_count(db, "SELECT count(*) FROM sales") == sales_after, 30,
               "the sale to be saved")


def test_demo_sale_reaches_head_office_and_catches_up_after_an_outage(
        display: str, tmp_path: Path) -> None:
    hq_folder = tmp_path / "hq"
    hq_folder.mkdir()
    demo = subprocess.run([sys.executable, "-m", "headoffice", "demo"], cwd=ROOT,
                          env=hq_env(hq_folder), capture_output=True, text=True, timeout=300,
                          check=True).stdout
    code = re.search(r"^enrolment code for .*: (\S+)$", demo, re.M)
    assert code, demo
    port = free_port()
    server = serve(hq_folder, port)
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    data = tmp_path / "till"
    db = data / "till.db"
    app = subprocess.Popen([sys.executable, "-m", "pos.app", "demo", "--data", str(data),
                            "--server", f"http://127.0.0.1:{port}", "--code", code[1]],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        xdo(env, "search", "--sync", "--name", "Emporium POS — ")  # after the enrolment screen
        xdo(env, "type", "--delay", "20", "1111")
        xdo(env, "key", "Return")
        xdo(env, "search", "--sync", "--name", "Meena")
        sell(env, db, "2000000100012", 1)
        wait_until(lambda: len(hq_sales(hq_folder)) == 1, 30, "the sale at head office")
        (first, payable), = hq_sales(hq_folder)
        assert payable == 685_000 and first.endswith("/00001")

        stop(server)  # head office goes away: selling goes on
        sell(env, db, "KUR-M-0006", 2)
        wait_until(lambda: till_count(db, "SELECT count(*) FROM outbox WHERE status = "
                                          "'pending'") >= 1, 30, "the sale kept in the outbox")
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-c", SCREENSHOT, str(ARTIFACTS / "demo-offline.png")],
                       env=env, check=True, timeout=60)

        server = serve(hq_folder, port)  # back: the cashier asks for a sync (Ctrl+S)
        xdo(env, "key", "ctrl+s")
        xdo(env, "search", "--sync", "--name", "Head office sync")
        xdo(env, "key", "Return")  # Sync now
        wait_until(lambda: len(hq_sales(hq_folder)) == 2, 60, "the catch-up at head office")
        assert [p for _n, p in hq_sales(hq_folder)] == [685_000, 262_500]
        wait_until(lambda: till_count(db, "SELECT count(*) FROM outbox WHERE status = "
                                          "'pending'") == 0, 30, "an empty outbox")
        xdo(env, "key", "Escape")
    finally:
        app.terminate()
        output = app.communicate(timeout=30)[0].decode(errors="replace")
        stop(server)
        if app.returncode not in (0, -15):
            print(output)
