"""Credit notes for goods returned against an invoice (CGST Rule 53, GST.md example 5).

A return is taxed at the original line's rate and split, never re-priced against today's
catalogue or a price band, and never for more than was sold (counting earlier returns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pos.domain.cart import RateRow, breakup_by_rate, invoice_round_off
from pos.domain.money import Paise
from pos.domain.tax import LineTax, Supply, credit_line


class ReturnError(ValueError):
    code = "return_error"


class ReturnTooMuch(ReturnError):
    code = "return_too_much"

    def __init__(self, line_no: int, returnable_milli: int, asked_milli: int) -> None:
        super().__init__(f"line {line_no}: {returnable_milli} returnable, asked {asked_milli}")
        self.line_no = line_no
        self.returnable_milli = returnable_milli
        self.asked_milli = asked_milli


@dataclass(frozen=True, slots=True)
class SoldLine:
    """An invoice line as it was billed, with what has been returned of it so far."""

    line_no: int
    qty_milli: int
    tax: LineTax  # the line's amounts after every discount, as on the invoice
    returned_milli: int = 0

    @property
    def returnable_milli(self) -> int:
        return self.qty_milli - self.returned_milli


@dataclass(frozen=True, slots=True)
class CreditLine:
    line_no: int  # the invoice line it credits
    qty_milli: int
    tax: LineTax  # negative amounts


@dataclass(frozen=True, slots=True)
class CreditNoteTotals:
    lines: tuple[CreditLine, ...]
    by_rate: tuple[RateRow, ...]
    net: Paise  # negative: taxable plus taxes credited
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise
    round_off: Paise
    refund: Paise  # positive: what the customer gets back

    @property
    def tax(self) -> Paise:
        return self.cgst + self.sgst + self.igst


def credit_note(returns: Iterable[tuple[SoldLine, int]], supply: Supply) -> CreditNoteTotals:
    """Price a credit note for ``(sold line, quantity returned now)`` pairs."""
    lines: list[CreditLine] = []
    in_this_note: dict[int, int] = {}  # a line named twice in one note counts both times
    for sold, qty in returns:
        before = sold.returned_milli + in_this_note.get(sold.line_no, 0)
        returnable = sold.qty_milli - before
        if qty <= 0 or qty > returnable:
            raise ReturnTooMuch(sold.line_no, returnable, qty)
        tax = credit_line(sold.tax, sold.qty_milli, before, qty, supply)
        in_this_note[sold.line_no] = in_this_note.get(sold.line_no, 0) + qty
        lines.append(CreditLine(sold.line_no, qty, tax))
    if not lines:
        raise ReturnError("nothing to return")
    by_rate = breakup_by_rate(line.tax for line in lines)
    net = sum(line.tax.gross for line in lines)
    round_off = invoice_round_off(net)
    return CreditNoteTotals(
        lines=tuple(lines),
        by_rate=by_rate,
        net=net,
        taxable=sum(r.taxable for r in by_rate),
        cgst=sum(r.cgst for r in by_rate),
        sgst=sum(r.sgst for r in by_rate),
        igst=sum(r.igst for r in by_rate),
        round_off=round_off,
        refund=-(net + round_off),
    )
