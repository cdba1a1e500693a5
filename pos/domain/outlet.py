"""Where the till sells: an outlet, or a fair stall with its own temporary registration."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from pos.domain.numbering import Series


class OutletKind(enum.Enum):
    OUTLET = "outlet"
    STALL = "stall"  # a fair stall: casual taxable person, valid only between its dates


@dataclass(frozen=True, slots=True)
class Outlet:
    outlet_id: str
    kind: OutletKind
    name_en: str
    name_hi: str
    gstin: str
    state_code: str
    invoice_series: Series
    credit_series: Series
    valid_from: date | None = None
    valid_to: date | None = None
    address: str = ""
    upi_vpa: str = ""

    def sells_on(self, day: date) -> bool:
        """A stall sells only between its registration dates (inclusive); an outlet always."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)
