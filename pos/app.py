"""The one composition root of the till: wires adapters into services and services into the UI.

``emporium-pos demo`` opens the till on the demo catalogue. Until the billing screen lands it
shows the catalogue as the till sees it (GST rate from the published rules, Indian money),
searchable in Hindi and English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pos import __version__


def _rate_text(rule_rate: int | None, band: tuple[int, int] | None) -> str:
    from pos.locale.formatting import format_rate

    if band is not None:
        return f"{format_rate(band[0])} / {format_rate(band[1])}"
    return format_rate(rule_rate or 0)


def run_demo(argv: Sequence[str]) -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from pos.demo import load_demo_catalogue
    from pos.domain.tax import rate_for
    from pos.ui.catalogue_window import CatalogueRow, CatalogueWindow
    from pos.ui.fonts import register_fonts

    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("Emporium POS")
    app.setFont(QFont(register_fonts(), 11))
    catalogue = load_demo_catalogue()
    outlet = catalogue.outlets[0]
    rows = []
    for product in catalogue.products:
        rule = catalogue.rule_for(product)
        rate, _ = rate_for(rule, product.mrp, 1000)
        rows.append(CatalogueRow(product.sku, product.name_en, product.name_hi, product.hsn,
                                 product.unit.value, product.mrp, _rate_text(rate, None)))
    window = CatalogueWindow(
        f"{outlet.name_en} · {outlet.name_hi}",
        f"GSTIN {outlet.gstin} · {outlet.state_name_en} ({outlet.state_code}) · "
        f"invoice series {outlet.series_prefix}",
        rows,
    )
    window.show()
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="emporium-pos", description="Emporium POS till")
    parser.add_argument("--version", action="version", version=f"emporium-pos {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="open the till on the demo catalogue")
    known, rest = parser.parse_known_args(args)
    if known.command == "demo":
        return run_demo(rest)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
