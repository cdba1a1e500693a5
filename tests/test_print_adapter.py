"""A sale completed at the till comes out of the file printer as bytes that decode to a
receipt whose QR carries the sale's invoice number and amount."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from pos.app import demo_print_runner
from pos.bootstrap import build_till, seed_demo
from pos.domain.payments import Tender
from pos.printing.decode import decode
from pos.store.database import open_store
from tests.services.fakes import FixedClock
from tests.ui.conftest import NOON


def test_a_sale_prints_to_the_file_printer(qtbot: QtBot, tmp_path: Path) -> None:
    del qtbot  # only for the QApplication the renderer needs
    store = open_store(tmp_path / "till.db")
    seed_demo(store)
    parts = build_till(store, "BPL1", FixedClock(NOON))
    till = parts.till
    boss = next(s for s in till.staff() if s.role.value == "manager")
    till.open_day(boss, 500_000)
    cart = till.new_cart()
    till.scan(cart, "2000000100012")
    sale = till.complete(cart, [Tender.upi(685_000, "412345678901")], boss)
    queue = demo_print_runner(parts, tmp_path)
    assert queue.run_pending().printed == 1
    job_bin = tmp_path / "printer" / "receipt-00001.bin"
    job_png = tmp_path / "printer" / "receipt-00001.png"
    assert decode(job_bin.read_bytes()).image() == QImage(str(job_png)).convertToFormat(
        decode(job_bin.read_bytes()).image().format())
    zbar = shutil.which("zbarimg")
    assert zbar is not None, "zbarimg missing: apt-get install zbar-tools"
    out = subprocess.run([zbar, "--raw", "-q", str(job_png)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert "am=6850.00" in out and "BPL1A%2F2627%2F00001" in out
    assert sale.invoice_no == "BPL1A/2627/00001"
    store.close()
