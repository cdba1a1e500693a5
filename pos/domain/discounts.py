"""Discounts and who may give how much of them. Limits are data (set by head office)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pos.domain.money import BASIS_POINTS, Paise, percent_of


class Role(enum.StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        """May this role do what ``other`` may? (cashier < supervisor < manager < admin)"""
        return _RANK[self] >= _RANK[other]


_RANK = {Role.CASHIER: 0, Role.SUPERVISOR: 1, Role.MANAGER: 2, Role.ADMIN: 3}


class DiscountKind(enum.Enum):
    AMOUNT = "amount"  # value in paise
    PERCENT = "percent"  # value in basis points (1000 = 10 %)


class DiscountError(ValueError):
    code = "discount_error"


class BadDiscount(DiscountError):
    code = "bad_discount"


class DiscountNotAllowed(DiscountError):
    """Above what the role may give: a higher role (a manager's PIN) must approve it."""

    code = "discount_not_allowed"

    def __init__(self, role: Role, limit_bp: int, asked_bp: int) -> None:
        super().__init__(f"{role.value} may give up to {limit_bp} bp, asked {asked_bp} bp")
        self.role = role
        self.limit_bp = limit_bp
        self.asked_bp = asked_bp


@dataclass(frozen=True, slots=True)
class Discount:
    kind: DiscountKind
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise BadDiscount("a discount cannot be negative")
        if self.kind is DiscountKind.PERCENT and self.value > BASIS_POINTS:
            raise BadDiscount("a discount cannot exceed 100 %")

    @classmethod
    def amount(cls, paise: Paise) -> Discount:
        return cls(DiscountKind.AMOUNT, paise)

    @classmethod
    def percent(cls, basis_points: int) -> Discount:
        return cls(DiscountKind.PERCENT, basis_points)

    def on(self, gross: Paise) -> Paise:
        """The discount in paise on ``gross``, never more than ``gross``."""
        if self.kind is DiscountKind.PERCENT:
            return percent_of(gross, self.value)
        return min(self.value, gross)


@dataclass(frozen=True, slots=True)
class DiscountLimit:
    line_bp: int  # most a role may take off one line, as a share of its value
    bill_bp: int  # most a role may take off the whole bill


@dataclass(frozen=True, slots=True)
class DiscountPolicy:
    """Discount limits per role. A role not listed may give no discount at all."""

    limits: Mapping[Role, DiscountLimit] = field(default_factory=dict)

    def limit(self, role: Role) -> DiscountLimit:
        return self.limits.get(role, DiscountLimit(0, 0))

    def check(self, role: Role, gross: Paise, amount: Paise, *, bill: bool) -> None:
        """Raise :class:`DiscountNotAllowed` when ``amount`` off ``gross`` exceeds the limit."""
        if amount <= 0:
            return
        limit = self.limit(role)
        limit_bp = limit.bill_bp if bill else limit.line_bp
        # amount / gross > limit  <=>  amount × 10000 > limit × gross  (exact, no rounding)
        if gross <= 0 or amount * BASIS_POINTS > limit_bp * gross:
            asked = BASIS_POINTS if gross <= 0 else -(-amount * BASIS_POINTS // gross)
            raise DiscountNotAllowed(role, limit_bp, asked)


def apportion(total: Paise, weights: Sequence[Paise]) -> list[Paise]:
    """Split ``total`` over ``weights`` in proportion, exactly (largest remainder).

    The shares sum to ``total``; no share exceeds its weight when ``total`` ≤ sum(weights);
    ties for a leftover paisa go to the earlier line, so the split is deterministic.
    """
    whole = sum(weights)
    if not 0 <= total <= whole or any(w < 0 for w in weights):
        raise ValueError("apportion needs 0 <= total <= sum of non-negative weights")
    if total == 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares
