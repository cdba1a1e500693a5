"""The Qt renderer: exact widths, 1-bit output, Devanagari shaped, nothing clipped, QR crisp."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import segno
from PySide6.QtGui import QImage, QTextLayout

from pos.printing.blocks import FLEX, Align, Cell, Qr, Row, Size, Text
from pos.printing.encode import raster_rows
from pos.printing.fonts import make_font, receipt_family
from pos.printing.layout import MARGIN, Document
from pos.printing.render import (
    BLACK,
    SIZES,
    WHITE,
    RenderOptions,
    _Renderer,
    png_bytes,
    render,
    render_document,
    to_mono,
)
from tests.printing import samples

GOLDEN = Path(__file__).parent / "golden"
WIDTHS = (384, 576)


def documents() -> list[tuple[str, Document]]:
    return [
        ("invoice", samples.fixed_receipt()),
        ("duplicate", samples.fixed_receipt().as_duplicate()),
        ("b2b", samples.b2b_receipt()),
        ("big_b2c", samples.big_b2c_receipt()),
        ("credit_note", samples.credit_note_data()),
        ("x_report", samples.day_report_data(False)),
        ("z_report", samples.day_report_data(True)),
    ]


def black_count(image: QImage) -> int:
    _, rows = raster_rows(image)
    return sum(bin(b).count("1") for b in rows)


def glyphs(text: str, size: Size = Size.NORMAL) -> list[tuple[int, float]]:
    """(glyph index, x) of ``text`` shaped by Qt with the receipt font."""
    layout = QTextLayout(text, make_font(receipt_family(), SIZES[size]))
    layout.beginLayout()
    layout.createLine().setLineWidth(10_000)
    layout.endLayout()
    out: list[tuple[int, float]] = []
    for run in layout.glyphRuns():
        out += list(zip(run.glyphIndexes(), (p.x() for p in run.positions()), strict=True))
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "doc"), documents())
def test_every_document_is_one_bit_exactly_paper_wide_and_unclipped(
        name: str, doc: Document, width: int) -> None:
    image = render_document(doc, width)
    assert image.width() == width
    assert image.format() == QImage.Format.Format_Mono
    assert image.colorTable() == [WHITE, BLACK]
    assert image.dotsPerMeterX() == 8000  # 203 dpi: the preview shows the printed size
    # The outermost dots stay white: a text or QR that overflowed its width, and was cut at
    # the paper's edge, would blacken them. (Glyph ink may overhang its advance by a dot or
    # so into the 4-dot margin: that is printed, not cut.)
    row_bytes, rows = raster_rows(image)
    edge = MARGIN // 2
    mask_left = (0xFF << (8 - edge)) & 0xFF
    mask_right = (1 << edge) - 1
    for y in range(image.height()):
        assert rows[y * row_bytes] & mask_left == 0, (name, y)
        assert rows[y * row_bytes + row_bytes - 1] & mask_right == 0, (name, y)


def test_rendering_is_deterministic() -> None:
    a = render_document(samples.fixed_receipt(), 576)
    b = render_document(samples.fixed_receipt(), 576)
    assert a == b


def test_conjuncts_are_shaped_not_drawn_letter_by_letter() -> None:
    # क्ष is one ligature glyph, not क + ् + ष side by side as an unshaped renderer draws it.
    shaped = glyphs("क्ष")
    unshaped = [g for ch in "क्ष" for g, _ in glyphs(ch)][:3]
    assert len(shaped) == 1 and shaped[0][0] not in unshaped
    assert len(glyphs("क्\u200cष")) >= 3  # ZWNJ asks for the explicit virama: no ligature
    for conjunct in ("ज्ञ", "श्र", "द्ध"):
        assert len(glyphs(conjunct)) == 1, conjunct


def test_i_matra_is_drawn_before_its_consonant_and_reph_after() -> None:
    ka = glyphs("क")[0][0]
    (first, x1), (second, x2) = glyphs("कि")
    assert second == ka and first != ka and x1 < x2  # ि sits left of क though typed after
    (g1, _), (g2, _) = glyphs("र्क")
    assert g1 == ka and g2 != glyphs("र")[0][0]  # reph: a mark after क, not a full र


def test_shaped_pixels_differ_from_the_explicit_virama_form() -> None:
    def draw(text: str) -> QImage:
        return render([Text(text, size=Size.HUGE)], 384)

    assert draw("क्ष") != draw("क्\u200cष")


def test_long_names_wrap_inside_their_cell_in_both_scripts() -> None:
    renderer = _Renderer(384, RenderOptions())
    font = renderer.font(Size.NORMAL, False)
    hindi = "चंदेरी सिल्क साड़ी - दुल्हन लाल, भारी ज़री पल्लू एवं गोटा बॉर्डर, हाथ से बुने शिकार के दृश्य"
    english = "Chanderi Silk Saree - Bridal Red with Heavy Zari Pallu and Gota Border"
    for text in (hindi, english, "क्षत्रियश्रीबुद्धज्ञानकर्मकिताब" * 4):
        para = renderer.para(text, font, 300, Align.LEFT)
        assert para.layout.lineCount() > 1
        for i in range(para.layout.lineCount()):
            assert para.layout.lineAt(i).naturalTextWidth() <= 300


def test_one_line_cells_narrow_the_font_until_the_amount_fits() -> None:
    renderer = _Renderer(384, RenderOptions())
    amount = "99,99,99,999.99"
    normal = renderer.font(Size.NORMAL, True)
    assert renderer.natural_width(amount, normal) > 124
    font = renderer.one_line_font(amount, Size.NORMAL, True, 124)
    assert font is not None and renderer.natural_width(amount, font) <= 124
    image = render([Row((Cell("Total", FLEX), Cell(amount, 124, Align.RIGHT, bold=True,
                                                     wrap=False)))], 384)
    single = render([Row((Cell("Total", FLEX), Cell("1.00", 124, Align.RIGHT, bold=True,
                                                      wrap=False)))], 384)
    assert image.height() == single.height()  # still one line


def test_darker_setting_prints_more_black() -> None:
    doc = samples.fixed_receipt()
    counts = [black_count(render_document(doc, 384, RenderOptions(darkness=d)))
              for d in (10, 55, 95)]
    assert counts[0] < counts[1] < counts[2]
    with pytest.raises(ValueError):
        RenderOptions(darkness=101)


@pytest.mark.parametrize("width", WIDTHS)
def test_qr_is_drawn_module_by_module_with_a_quiet_zone(width: int) -> None:
    payload = samples.fixed_receipt().qr_payload
    image = render([Qr(payload, max_width=400)], width, RenderOptions(top=0, bottom=0))
    matrix = segno.make_qr(payload, error="m", boost_error=False).matrix
    n = len(matrix)
    module = image.height() // (n + 8)
    assert module >= 3 and image.height() == (n + 8) * module
    left = (width - image.height()) // 2 + 4 * module
    for r in range(n):
        for c in range(n):
            for dy in range(module):  # every dot of every module: crisp at any darkness
                for dx in (0, module - 1):
                    dot = image.pixelIndex(left + c * module + dx, 4 * module + r * module + dy)
                    assert dot == matrix[r][c], (r, c)
    quiet = [image.pixelIndex(x, y) for y in range(4 * module) for x in range(width)]
    assert not any(quiet)


def test_to_mono_thresholds_exactly() -> None:
    grey = QImage(256, 1, QImage.Format.Format_Grayscale8)
    for x in range(256):
        grey.setPixel(x, 0, 0xFF000000 | x * 0x010101)
    mono = to_mono(grey, 100)
    assert [mono.pixelIndex(x, 0) for x in range(256)] == [1] * 100 + [0] * 156


@pytest.mark.skipif(sys.platform != "linux", reason="golden images are FreeType renderings")
@pytest.mark.parametrize("width", WIDTHS)
def test_golden_receipt(width: int) -> None:
    """The fixed sample against a committed PNG (rendering is deterministic here: the font is
    bundled and so is the rasteriser in the Qt wheel). A few differing dots are tolerated so a
    hinting change does not fail the suite; a layout change does. ``UPDATE_GOLDENS=1``
    rewrites them: look at them before committing."""
    image = render_document(samples.fixed_receipt(), width)
    path = GOLDEN / f"receipt{width}.png"
    if os.environ.get("UPDATE_GOLDENS"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(png_bytes(image))
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDENS=1 and look at it"
    golden = QImage(str(path)).convertToFormat(QImage.Format.Format_Mono)
    assert (golden.width(), golden.height()) == (image.width(), image.height())
    _, a = raster_rows(golden)
    _, b = raster_rows(image)
    differing = sum(bin(x ^ y).count("1") for x, y in zip(a, b, strict=True))
    assert differing <= image.width() * image.height() // 1000


def test_rendering_in_a_worker_thread_matches_the_gui_thread() -> None:
    """The print-queue runner renders off the GUI thread."""
    import threading

    receipt_family()  # registered once on the GUI thread (the app does it at start-up)
    expected = render_document(samples.fixed_receipt(), 384)
    result: dict[str, QImage] = {}
    worker = threading.Thread(
        target=lambda: result.update(image=render_document(samples.fixed_receipt(), 384)))
    worker.start()
    worker.join(60)
    assert result["image"] == expected


def test_logo_is_scaled_to_fit_and_made_one_bit() -> None:
    from dataclasses import replace

    from PySide6.QtGui import QColor, QPainter

    logo = QImage(900, 300, QImage.Format.Format_ARGB32)
    logo.fill(QColor(0, 0, 0, 0))  # transparent background: must print white
    painter = QPainter(logo)
    painter.setBrush(QColor(40, 40, 40))
    painter.drawEllipse(300, 0, 300, 300)
    painter.end()
    plain = samples.fixed_receipt()
    header = replace(plain.header, logo_png=png_bytes(logo))
    with_logo = render_document(replace(plain, header=header), 384)
    without = render_document(plain, 384)
    assert with_logo.height() > without.height()
    top = with_logo.copy(0, 0, 384, 100)
    assert black_count(top) > 1000  # the disc
    row_bytes, rows = raster_rows(with_logo)
    assert all(rows[y * row_bytes] & 0xC0 == 0 for y in range(with_logo.height()))
    broken = replace(plain, header=replace(plain.header, logo_png=b"not a png"))
    assert render_document(broken, 384) == without  # a bad logo is left out, not fatal


def test_mark_duplicate_stamps_a_stored_image_and_keeps_its_dots() -> None:
    from datetime import datetime

    from pos.printing.render import mark_duplicate

    original = render_document(samples.fixed_receipt(), 576)
    reprint = mark_duplicate(original, reprinted_at=datetime(2026, 11, 23, 10, 0))
    assert reprint.width() == 576
    bar = (reprint.height() - original.height()) // 2
    assert bar > 30 and reprint.height() == original.height() + 2 * bar
    row_bytes, rows = raster_rows(reprint)
    _, inner = raster_rows(original)
    assert rows[bar * row_bytes:(bar + original.height()) * row_bytes] == inner
    assert black_count(reprint.copy(0, 0, 576, bar)) > 576 * 20  # the black bar
