"""Invoice and credit-note numbers (CGST Rule 46(b), GST.md "Numbering").

A number is at most 16 characters of ``A–Z 0–9 / -``, upper case, not starting with
``0``, ``/`` or ``-``; consecutive within its series and unique per financial year
(1 April – 31 March). Each device or fair stall has its own series and the counter restarts
every 1 April. The form is ``PREFIX/FY/NNNNN`` with FY as ``2526`` for 2025-26, e.g.
``BPL1A/2526/00042``; the counter takes the digits the prefix leaves free (at least 3).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

MAX_LENGTH = 16
MIN_COUNTER_DIGITS = 3
_NUMBER = re.compile(r"^[A-Z1-9][A-Z0-9/-]{0,15}$")
_PREFIX = re.compile(r"^[A-Z1-9][A-Z0-9-]*$")


class SeriesError(ValueError):
    """A series or number that breaks the rules; ``code`` names the rule."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


class DocumentKind(enum.Enum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True, slots=True, order=True)
class FinancialYear:
    """The Indian financial year that starts on 1 April of ``start_year``."""

    start_year: int

    @classmethod
    def of(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def code(self) -> str:
        """``2526`` for 2025-26."""
        return f"{self.start_year % 100:02d}{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)


def is_valid_document_number(number: str) -> bool:
    return len(number) <= MAX_LENGTH and bool(_NUMBER.match(number))


@dataclass(frozen=True, slots=True)
class Series:
    """One numbering series: a prefix issued by head office to a device or stall."""

    prefix: str
    kind: DocumentKind = DocumentKind.INVOICE

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise SeriesError("bad_prefix", f"{self.prefix!r}: use A-Z, 0-9 and '-', "
                              "not starting with 0 or '-'")
        if self.counter_digits < MIN_COUNTER_DIGITS:
            raise SeriesError("prefix_too_long", f"{self.prefix!r} leaves fewer than "
                              f"{MIN_COUNTER_DIGITS} digits in {MAX_LENGTH} characters")

    @property
    def counter_digits(self) -> int:
        # PREFIX + "/" + 4-digit FY + "/" + counter
        return MAX_LENGTH - len(self.prefix) - 6

    @property
    def capacity(self) -> int:
        """How many documents one financial year of this series can number."""
        return int(10**self.counter_digits) - 1

    def format(self, year: FinancialYear, counter: int) -> str:
        if not 1 <= counter <= self.capacity:
            raise SeriesError("series_exhausted", f"{self.prefix} has room for "
                              f"{self.capacity} numbers a year, asked for {counter}")
        number = f"{self.prefix}/{year.code}/{counter:0{self.counter_digits}d}"
        assert is_valid_document_number(number), number
        return number

    def parse(self, number: str) -> tuple[FinancialYear, int]:
        """The financial year and counter of a number of this series."""
        prefix, sep, rest = number.rpartition("/")
        head, sep2, fy_code = prefix.rpartition("/")
        if not (sep and sep2) or head != self.prefix or not rest.isdigit() or len(fy_code) != 4:
            raise SeriesError("not_in_series", f"{number!r} is not a {self.prefix} number")
        start = 2000 + int(fy_code[:2])
        if int(fy_code[2:]) != (start + 1) % 100:
            raise SeriesError("not_in_series", f"{number!r} has a bad financial year")
        return FinancialYear(start), int(rest)


@dataclass(frozen=True, slots=True)
class Counter:
    """Where a series stands: the last number issued and in which financial year."""

    year: FinancialYear
    last: int = 0

    def next_for(self, day: date) -> Counter:
        """The counter after issuing one more document on ``day``; restarts every 1 April.

        A date in an earlier financial year than the counter's is refused: the clock went
        back, and numbering must never reuse or go back.
        """
        year = FinancialYear.of(day)
        if year < self.year:
            raise SeriesError("clock_went_back", f"{day.isoformat()} is before financial "
                              f"year {self.year.code} of this series")
        if year > self.year:
            return Counter(year, 1)
        return Counter(year, self.last + 1)


def next_number(series: Series, counter: Counter | None, day: date) -> tuple[str, Counter]:
    """The next document number of ``series`` on ``day`` and the counter to store with it."""
    current = counter or Counter(FinancialYear.of(day), 0)
    advanced = current.next_for(day)
    return series.format(advanced.year, advanced.last), advanced
