"""The buyer on a tax invoice, and when the till must ask for them.

GST.md: buyer name, address and state are printed when the taxable value is ₹50,000 or more
(or when the buyer asks); the buyer's GSTIN for a B2B sale. Over the counter the place of
supply stays the outlet's (CGST + SGST of its state) whatever the buyer's home state: the
buyer's state is recorded from their GSTIN and printed, it does not turn the sale into IGST.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.gstin import STATES, gstin_state, is_valid_gstin
from pos.domain.money import Paise

# Taxable value from which the buyer's name, address and state are required (CGST Rule 46).
BUYER_DETAILS_FROM: Paise = 5_000_000


@dataclass(frozen=True, slots=True)
class Customer:
    name: str = ""
    gstin: str = ""
    address: str = ""
    state_code: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name or self.gstin or self.address or self.state_code)

    @property
    def is_b2b(self) -> bool:
        return bool(self.gstin)


def customer_problem(customer: Customer, taxable: Paise) -> str | None:
    """Why these buyer details cannot go on this invoice (an error code), or ``None``.

    * ``bad_gstin``: a GSTIN was given and is not a valid one;
    * ``gstin_state_mismatch``: the state chosen is not the GSTIN's;
    * ``customer_required``: a B2B sale, or a taxable value of ₹50,000 or more, needs the
      buyer's name, address and state."""
    if customer.gstin:
        if not is_valid_gstin(customer.gstin):
            return "bad_gstin"
        if customer.state_code and customer.state_code != gstin_state(customer.gstin):
            return "gstin_state_mismatch"
    needed = customer.is_b2b or taxable >= BUYER_DETAILS_FROM
    if needed and not (customer.name.strip() and customer.address.strip()
                       and customer.state_code in STATES):
        return "customer_required"
    return None


def customer_needed(customer: Customer, taxable: Paise) -> bool:
    """The invoice cannot be issued until the buyer's details are completed."""
    return customer_problem(customer, taxable) is not None


def normalise(customer: Customer) -> Customer:
    """Trimmed, the GSTIN in capitals, the state taken from a valid GSTIN."""
    gstin = customer.gstin.strip().upper().replace(" ", "")
    state = customer.state_code.strip()
    if gstin and is_valid_gstin(gstin):
        state = gstin_state(gstin)
    return Customer(" ".join(customer.name.split()), gstin, customer.address.strip(), state)
