"""ESC/POS encoding, read back by the decoder, dot for dot."""

from __future__ import annotations

import io

import pytest
from PySide6.QtGui import QImage

from pos.printing.decode import DecodeError, decode
from pos.printing.encode import (
    INIT,
    MAX_BAND_ROWS,
    Cut,
    DrawerPin,
    JobOptions,
    cut,
    drawer_job,
    drawer_kick,
    encode_job,
    raster_bands,
    raster_rows,
)
from pos.printing.render import png_bytes, render_document
from tests.printing import samples


def assert_same_dots(a: QImage, b: QImage) -> None:
    assert (a.width(), a.height()) == (b.width(), b.height())
    assert raster_rows(a) == raster_rows(b)
    assert a == b


@pytest.mark.parametrize("width", [384, 576])
def test_job_decodes_to_the_rendered_image(width: int) -> None:
    image = render_document(samples.fixed_receipt(), width)
    job = decode(encode_job(image))
    assert_same_dots(job.image(), image)
    assert job.width == width
    assert job.names()[0] == "init"
    assert job.names()[-2:] == ["feed", "cut"]
    assert set(job.names()[1:-2]) == {"raster"}


@pytest.mark.parametrize("width", [384, 576])
def test_long_receipt_beyond_the_64kb_fragment_pitfall(width: int) -> None:
    image = render_document(samples.long_receipt(60), width)
    assert image.height() > 911 * 3  # python-escpos' graphics path corrupts > 911 rows at 576
    data = encode_job(image)
    job = decode(data)
    assert_same_dots(job.image(), image)
    assert sum(job.bands) == image.height()
    assert all(0 < rows <= MAX_BAND_ROWS for rows in job.bands)
    assert len(job.bands) == -(-image.height() // MAX_BAND_ROWS)
    # every GS v 0 header: normal density, width in bytes, height's high byte 0
    for cmd in job.commands:
        if cmd.name == "raster":
            header = data[cmd.offset:cmd.offset + 8]
            assert header[:4] == b"\x1dv0\x00"
            assert header[4] | header[5] << 8 == width // 8
            assert header[7] == 0
            assert (width // 8) * header[6] <= 65_535


def test_kick_comes_first_and_cut_is_ours() -> None:
    image = render_document(samples.page_data(), 384)
    data = encode_job(image, JobOptions(kick_drawer=True, cut=Cut.FULL, feed_lines=5))
    job = decode(data)
    assert job.names()[:2] == ["init", "kick"]
    assert job.commands[1].args == (0, 25, 250)  # ESC p 0: pin 2, 50 ms on, 500 ms off
    assert job.commands[-2].args == (5,)
    assert job.commands[-1].args == (0,)  # GS V 0: full cut
    assert data.startswith(INIT + bytes((0x1B, 0x70, 0, 25, 250)))
    assert data.endswith(b"\x1bd\x05\x1dV\x00")
    none = decode(encode_job(image, JobOptions(cut=Cut.NONE, feed_lines=0)))
    assert "cut" not in none.names() and "feed" not in none.names()
    assert cut(Cut.PARTIAL) == b"\x1dV\x01"


def test_drawer_only_job() -> None:
    assert drawer_job(DrawerPin.PIN5) == b"\x1b@\x1bp\x01\x19\xfa"
    assert drawer_kick(on_ms=100, off_ms=200) == b"\x1bp\x00\x32\x64"
    assert decode(drawer_job()).names() == ["init", "kick"]


def test_same_raster_bytes_as_python_escpos_bit_image_raster(tmp_path: object) -> None:
    """Our bands equal python-escpos' ``bitImageRaster`` output for the same image and band
    height: the encoder is the standard command, written without PIL in the way."""
    from PIL import Image

    from pos.printing.connections import escpos_printers

    image = render_document(samples.fixed_receipt(), 576)
    dummy = escpos_printers().Dummy()
    pil = Image.open(io.BytesIO(png_bytes(image)))
    dummy.image(pil, impl="bitImageRaster", fragment_height=MAX_BAND_ROWS)
    assert dummy.output == raster_bands(image)


def test_decoder_rejects_what_it_does_not_understand() -> None:
    image = render_document(samples.page_data(), 384)
    data = encode_job(image)
    with pytest.raises(DecodeError) as cut_short:
        decode(data[:100])
    assert "cut short" in str(cut_short.value)
    with pytest.raises(DecodeError):
        decode(b"\x1b@hello")
    with pytest.raises(DecodeError):
        decode(b"\x1dv0\x01\x01\x00\x01\x00\x00")  # double-width raster: not ours
    status = decode(b"\x10\x04\x01\n")
    assert status.names() == ["status", "lf"] and status.image().isNull()


def test_raster_rows_are_msb_first_with_one_for_black() -> None:
    image = QImage(16, 2, QImage.Format.Format_Mono)
    image.setColorTable([0xFFFFFFFF, 0xFF000000])
    image.fill(0)
    image.setPixel(0, 0, 1)  # leftmost dot of the first row
    image.setPixel(15, 1, 1)  # rightmost dot of the second
    assert raster_rows(image) == (2, b"\x80\x00\x00\x01")
    inverted = image.copy()
    inverted.invertPixels()
    inverted.setColorTable([0xFF000000, 0xFFFFFFFF])  # same picture, other colour order
    assert raster_rows(inverted) == (2, b"\x80\x00\x00\x01")


def test_width_must_be_whole_bytes() -> None:
    image = QImage(20, 4, QImage.Format.Format_Mono)
    with pytest.raises(ValueError):
        raster_bands(image)
