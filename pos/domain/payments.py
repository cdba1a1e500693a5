"""Tenders and settling a bill: cash with change, UPI with its UTR, card with its reference."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pos.domain.money import Paise


class Mode(enum.Enum):
    CASH = "cash"
    UPI = "upi"
    CARD = "card"


class PaymentError(ValueError):
    code = "payment_error"


class Underpaid(PaymentError):
    code = "underpaid"

    def __init__(self, short: Paise) -> None:
        super().__init__(f"{short} paise still to pay")
        self.short = short


class Overpaid(PaymentError):
    """Only cash can be handed over in excess (and given back as change)."""

    code = "overpaid"


class BadReference(PaymentError):
    code = "bad_reference"


# The full UTR has 12 digits; at a busy counter the cashier types the last few (at least 4).
_UTR = re.compile(r"^[0-9]{4,12}$")
_CARD_REF = re.compile(r"^[A-Za-z0-9-]{4,32}$")


@dataclass(frozen=True, slots=True)
class Tender:
    """One way the customer paid. ``tendered`` is what was handed over (cash only may exceed
    ``amount``); ``reference`` is the UPI UTR (or its last digits) or the card slip's reference."""

    mode: Mode
    amount: Paise
    tendered: Paise
    reference: str = ""

    @classmethod
    def cash(cls, tendered: Paise, amount: Paise | None = None) -> Tender:
        return cls(Mode.CASH, tendered if amount is None else amount, tendered)

    @classmethod
    def upi(cls, amount: Paise, utr: str) -> Tender:
        return cls(Mode.UPI, amount, amount, utr.strip())

    @classmethod
    def card(cls, amount: Paise, reference: str) -> Tender:
        return cls(Mode.CARD, amount, amount, reference.strip())


@dataclass(frozen=True, slots=True)
class Settlement:
    tenders: tuple[Tender, ...]  # with cash ``amount`` reduced to what the bill needed
    change: Paise  # cash to give back


def validate_reference(tender: Tender) -> None:
    if tender.mode is Mode.UPI and not _UTR.match(tender.reference):
        raise BadReference("a UPI reference (UTR) is 4-12 digits")
    if tender.mode is Mode.CARD and not _CARD_REF.match(tender.reference):
        raise BadReference("a card reference is 4-32 letters or digits")


def settle(payable: Paise, tenders: Sequence[Tender]) -> Settlement:
    """Check that ``tenders`` pay ``payable`` exactly, cash giving change for any excess.

    Non-cash tenders are applied first and may not exceed what is due; cash covers the rest
    and the excess handed over is the change.
    """
    if payable < 0:
        raise PaymentError("a bill cannot be negative")
    for tender in tenders:
        if tender.amount < 0 or tender.tendered < tender.amount:
            raise PaymentError("tender amounts must be positive")
        validate_reference(tender)
    electronic = [t for t in tenders if t.mode is not Mode.CASH]
    cash = [t for t in tenders if t.mode is Mode.CASH]
    due = payable - sum(t.amount for t in electronic)
    if due < 0:
        raise Overpaid("UPI and card cannot pay more than the bill")
    handed = sum(t.tendered for t in cash)
    if handed < due:
        raise Underpaid(due - handed)
    settled_cash: list[Tender] = []
    left = due
    for t in cash:
        part = min(t.tendered, left)
        left -= part
        settled_cash.append(Tender(Mode.CASH, part, t.tendered))
    return Settlement(tuple(electronic) + tuple(settled_cash), handed - due)
