"""Read an ESC/POS job back: the image it prints and the commands around it.

Understands what :mod:`pos.printing.encode` writes (and the usual neighbours): ``ESC @``,
``GS v 0`` raster bands (normal density), ``ESC p`` drawer kick, ``ESC d`` feed, ``GS V`` cut,
``LF``, ``DLE EOT`` status queries. The tests compare the decoded image with the rendered one
dot for dot; support can run it on a job file (``.bin``) a till saved to see what it sent::

    python -m pos.printing.decode job.bin out.png
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from pos.printing.render import mono_from_rows

ESC = 0x1B
GS = 0x1D
DLE = 0x10
LF = 0x0A


class DecodeError(ValueError):
    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"byte {offset}: {reason}")
        self.offset = offset
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Command:
    offset: int
    name: str  # init | raster | kick | feed | cut | lf | status
    args: tuple[int, ...] = ()


@dataclass(slots=True)
class DecodedJob:
    commands: list[Command] = field(default_factory=list)
    row_bytes: int = 0
    rows: bytearray = field(default_factory=bytearray)
    bands: list[int] = field(default_factory=list)  # rows of each GS v 0 band

    @property
    def width(self) -> int:
        return self.row_bytes * 8

    @property
    def height(self) -> int:
        return len(self.rows) // self.row_bytes if self.row_bytes else 0

    def names(self) -> list[str]:
        return [c.name for c in self.commands]

    def image(self) -> QImage:
        """The printed raster as ``Format_Mono`` (index 1 black), bands stacked."""
        return mono_from_rows(self.row_bytes, bytes(self.rows))


def _need(data: bytes, at: int, n: int, what: str) -> None:
    if at + n > len(data):
        raise DecodeError(at, f"{what} cut short")


def decode(data: bytes) -> DecodedJob:
    """Parse a job; raise :class:`DecodeError` at the first byte it does not understand."""
    job = DecodedJob()
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == LF:
            job.commands.append(Command(i, "lf"))
            i += 1
        elif b == ESC:
            _need(data, i, 2, "ESC command")
            op = data[i + 1]
            if op == 0x40:
                job.commands.append(Command(i, "init"))
                i += 2
            elif op == 0x70:
                _need(data, i, 5, "ESC p")
                job.commands.append(Command(i, "kick", tuple(data[i + 2:i + 5])))
                i += 5
            elif op == 0x64:
                _need(data, i, 3, "ESC d")
                job.commands.append(Command(i, "feed", (data[i + 2],)))
                i += 3
            else:
                raise DecodeError(i, f"unknown ESC 0x{op:02x}")
        elif b == GS:
            _need(data, i, 2, "GS command")
            op = data[i + 1]
            if op == 0x76:
                _need(data, i, 8, "GS v 0 header")
                if data[i + 2] not in (0x00, 0x30):
                    raise DecodeError(i, "GS v: only function 0 is known")
                mode = data[i + 3]
                if mode not in (0, 0x30):
                    raise DecodeError(i, f"GS v 0 mode {mode}: only normal density is decoded")
                xb = data[i + 4] | data[i + 5] << 8
                yn = data[i + 6] | data[i + 7] << 8
                size = xb * yn
                _need(data, i + 8, size, "GS v 0 raster data")
                if job.row_bytes and xb != job.row_bytes:
                    raise DecodeError(i, f"band {xb} bytes wide after {job.row_bytes}")
                job.row_bytes = xb
                job.rows += data[i + 8:i + 8 + size]
                job.bands.append(yn)
                job.commands.append(Command(i, "raster", (xb, yn)))
                i += 8 + size
            elif op == 0x56:
                _need(data, i, 3, "GS V")
                m = data[i + 2]
                if m in (0, 1, 0x30, 0x31):
                    job.commands.append(Command(i, "cut", (m,)))
                    i += 3
                elif m in (65, 66, 97, 98, 103, 104):
                    _need(data, i, 4, "GS V m n")
                    job.commands.append(Command(i, "cut", (m, data[i + 3])))
                    i += 4
                else:
                    raise DecodeError(i, f"unknown cut mode {m}")
            else:
                raise DecodeError(i, f"unknown GS 0x{op:02x}")
        elif b == DLE:
            _need(data, i, 3, "DLE command")
            if data[i + 1] != 0x04:
                raise DecodeError(i, f"unknown DLE 0x{data[i + 1]:02x}")
            job.commands.append(Command(i, "status", (data[i + 2],)))
            i += 3
        else:
            raise DecodeError(i, f"unexpected byte 0x{b:02x}")
    return job


def decode_image(data: bytes) -> QImage:
    return decode(data).image()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m pos.printing.decode JOB.bin OUT.png", file=sys.stderr)
        return 2
    from pos.printing.render import ensure_qt, save_png

    ensure_qt()
    job = decode(Path(args[0]).read_bytes())
    print(f"{job.width} x {job.height} dots in {len(job.bands)} bands; "
          f"commands: {' '.join(dict.fromkeys(job.names()))}")
    save_png(job.image(), args[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
