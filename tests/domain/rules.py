"""GST.md tax rules (from 22 Sep 2025) built for tests; head office publishes the real ones."""

from __future__ import annotations

from datetime import date

from pos.domain.catalog import ProductSnapshot, Unit
from pos.domain.tax import DeadBandPolicy, PriceBand, TaxRule

FROM = date(2025, 9, 22)
APPAREL_BAND = PriceBand(250_000, 500, 1800)

APPAREL_62 = TaxRule("apparel-62", "62", FROM, band=APPAREL_BAND)
APPAREL_61 = TaxRule("apparel-61", "61", FROM, band=APPAREL_BAND)
MADE_UPS_63 = TaxRule("madeups-63", "63", FROM, band=APPAREL_BAND)
SILK_FABRIC = TaxRule("silk-5007", "5007", FROM, rate_bp=500)
SHAWL_MACHINE = TaxRule("shawl-machine", "6214", FROM, handicraft=False, band=APPAREL_BAND)
SHAWL_HANDMADE = TaxRule("shawl-handmade", "6214", FROM, handicraft=True, rate_bp=500)
AGARBATTI = TaxRule("agarbatti", "330741", FROM, rate_bp=500)
FURNITURE = TaxRule("furniture", "9403", FROM, rate_bp=1800)
OLD_FURNITURE = TaxRule("furniture-old", "9403", date(2017, 7, 1), date(2025, 9, 21), rate_bp=1200)
FILIGREE = TaxRule("filigree", "7113", FROM, rate_bp=300)

RULES = (APPAREL_61, APPAREL_62, MADE_UPS_63, SILK_FABRIC, SHAWL_MACHINE, SHAWL_HANDMADE,
         AGARBATTI, FURNITURE, OLD_FURNITURE, FILIGREE)


def snapshot(pid: str, hsn: str, mrp: int, rule: TaxRule, unit: Unit = Unit.PCS,
             handicraft: bool = False) -> ProductSnapshot:
    return ProductSnapshot(pid, pid.upper(), "", pid, pid, hsn, unit, mrp, handicraft, rule)


def band_rule(policy: DeadBandPolicy) -> TaxRule:
    return TaxRule("band", "62", FROM, band=PriceBand(250_000, 500, 1800, policy))
