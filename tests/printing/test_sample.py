"""The sample bill (``emporium-pos receipt-sample``): exact printer bytes and PNG, read back
by the decoder and by zbar, the way a phone reads the QR."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from pos.domain.upi import UpiInvoice, upi_link
from pos.printing.blocks import paper_dots
from pos.printing.decode import decode
from pos.printing.encode import raster_rows
from pos.printing.render import save_png
from pos.printing.sample import render_sample, write_sample
from tests.printing import samples

ZBAR = shutil.which("zbarimg")  # installed by .ci/run: its tests fail, never skip, without it


def zbar(png: Path) -> list[str]:
    assert ZBAR is not None, "zbarimg missing: apt-get install zbar-tools"
    out = subprocess.run([ZBAR, "--raw", "-q", str(png)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


@pytest.mark.parametrize("width_mm", [58, 80])
def test_write_sample_bytes_decode_to_the_png(tmp_path: Path, width_mm: int) -> None:
    data = samples.demo_receipt()
    bin_path, png_path = write_sample(width_mm, tmp_path, data)
    assert bin_path.name == f"receipt-{width_mm}mm.bin" and png_path.suffix == ".png"
    png = QImage(str(png_path))
    assert png.width() == paper_dots(width_mm)
    decoded = decode(bin_path.read_bytes()).image()
    assert raster_rows(decoded) == raster_rows(png)


@pytest.mark.parametrize("width_mm", [58, 80])
def test_sample_qr_reads_back_as_the_exact_upi_link(tmp_path: Path, width_mm: int) -> None:
    data = samples.demo_receipt()
    h = data.header
    expected = upi_link(UpiInvoice(
        vpa=h.upi_vpa, payee=h.upi_payee, invoice_no=data.number,
        invoice_date=data.issued_at.date(), amount=data.total, gstin=h.gstin,
        cgst=data.cgst, sgst=data.sgst, mcc=h.upi_mcc))
    _, png_path = write_sample(width_mm, tmp_path, data)
    assert zbar(png_path) == [expected]
    # and from what the printer would print: the job bytes decoded
    printed = tmp_path / "printed.png"
    save_png(decode((tmp_path / f"receipt-{width_mm}mm.bin").read_bytes()).image(), printed)
    assert zbar(printed) == [expected]


def test_duplicate_and_credit_note_and_test_page_qr(tmp_path: Path) -> None:
    _, image = render_sample(samples.fixed_receipt().as_duplicate(), 384)
    path = tmp_path / "dup.png"
    save_png(image, path)
    assert zbar(path) == [samples.fixed_receipt().qr_payload]
    from pos.printing.render import render_document

    page = tmp_path / "page.png"
    save_png(render_document(samples.page_data(), 384), page)
    assert zbar(page) == ["EMPORIUM-POS TEST"]


def test_demo_sample_is_realistic() -> None:
    data = samples.demo_receipt()
    hindi = " ".join(line.name_hi for line in data.lines)
    for cluster in ("क्ष", "श्र", "द्ध", "ज्ञ", "र्", "ि"):
        assert cluster in hindi, cluster
    assert len({line.rate_bp for line in data.lines}) >= 2
    assert any(line.discount for line in data.lines)
    assert {p.mode for p in data.payments} == {"upi", "cash"} and data.change > 0
    assert data.qr_payload.startswith("upi://pay?pa=demo.mrignayani-bpl@sbi&")
    assert max(len(line.name_hi) for line in data.lines) > 40


def test_render_sample_returns_the_job_and_its_image() -> None:
    payload, image = render_sample(samples.fixed_receipt(), 576)
    assert decode(payload).image() == image
