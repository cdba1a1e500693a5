"""The real app in a real X server: launch it, log in, scan with typed barcodes (one of them
while the quantity box is open, with the X server's own key timestamps), pay, and keep a
screenshot (CI prints its path). Needs Xvfb and xdotool (installed by .ci/run)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SCREENSHOT = r"""
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv)
ok = app.primaryScreen().grabWindow(0).save(sys.argv[1])
sys.exit(0 if ok else 1)
"""


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Wait for ``condition`` (checked every 50 ms), failing after ``seconds``."""
    pause = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        pause.wait(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def display() -> Iterator[str]:
    for tool in ("Xvfb", "xdotool"):
        assert shutil.which(tool), f"{tool} missing: apt-get install xvfb xdotool"
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                               "1366x768x24", "-nolisten", "tcp"], pass_fds=(write,),
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=30)


def xdo(env: dict[str, str], *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout


def test_real_app_sells_under_xvfb(display: str, tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    data = tmp_path / "demo"
    app = subprocess.Popen([sys.executable, "-m", "pos.app", "demo", "--data", str(data)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        xdo(env, "search", "--sync", "--name", "Emporium POS")
        xdo(env, "type", "--delay", "20", "1111")
        xdo(env, "key", "Return")
        xdo(env, "search", "--sync", "--name", "Meena")  # the title names who is billing
        db = data / "till.db"

        def lines() -> int:
            con = sqlite3.connect(db)
            try:
                row = con.execute("SELECT cart_json FROM held_bills WHERE hold_id = 'current'"
                                  ).fetchone()
            finally:
                con.close()
            return 0 if row is None else row[0].count('"line_id"')

        for count, code in enumerate(("2000000100012", "KUR-M-0006"), start=1):
            xdo(env, "type", "--delay", "5", code)
            xdo(env, "key", "Return")
            wait_until(lambda c=count: lines() == c, 30, f"line {count} on the bill")
        xdo(env, "key", "F3")  # the kurta's quantity...
        xdo(env, "search", "--sync", "--name", "Quantity")
        # ...but a scan comes first: a scanner types its digits and Enter in one burst
        xdo(env, "key", "--delay", "5", *"2000000103198", "Return")
        xdo(env, "key", "ctrl+a")
        xdo(env, "type", "--delay", "150", "2")  # then the quantity, by hand
        xdo(env, "key", "Return")
        wait_until(lambda: lines() == 3, 30, "the piece scanned into the quantity box")
        xdo(env, "key", "F12")
        xdo(env, "search", "--sync", "--onlyvisible", "--name", "Payment")
        xdo(env, "key", "Return")  # exact cash

        def sales() -> int:
            con = sqlite3.connect(db)
            try:
                return int(con.execute("SELECT count(*) FROM sales").fetchone()[0])
            finally:
                con.close()

        wait_until(lambda: sales() == 1, 30, "the sale to be saved")
        receipt = data / "printer" / "receipt-00001.png"
        wait_until(receipt.exists, 60, "the receipt to print")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "xvfb-smoke.png"
        subprocess.run([sys.executable, "-c", SCREENSHOT, str(shot)], env=env, check=True,
                       timeout=60)
        shutil.copy(receipt, ARTIFACTS / "xvfb-smoke-receipt.png")
        assert shot.stat().st_size > 10_000
        con = sqlite3.connect(db)
        # saree ₹6,850 + two kurtas ₹5,250 + the elephant scanned in the quantity box ₹1,450
        assert con.execute("SELECT payable FROM sales").fetchone() == (1_355_000,)
        con.close()
    finally:
        app.terminate()
        output = app.communicate(timeout=30)[0].decode(errors="replace")
        if app.returncode not in (0, -15):
            print(output)
