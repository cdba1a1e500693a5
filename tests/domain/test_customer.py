from __future__ import annotations

from pos.domain.customer import BUYER_DETAILS_FROM, Customer, customer_problem, normalise

GSTIN = "27AAPFU0939F1ZV"


def test_b2c_below_the_threshold_needs_nothing() -> None:
    assert customer_problem(Customer(), BUYER_DETAILS_FROM - 1) is None


def test_from_fifty_thousand_the_buyer_is_required() -> None:
    assert customer_problem(Customer(), BUYER_DETAILS_FROM) == "customer_required"
    assert customer_problem(Customer("Anita", "", "Bhopal", "23"), BUYER_DETAILS_FROM) is None


def test_b2b_needs_a_valid_gstin_and_its_state() -> None:
    assert customer_problem(Customer("S", "27AAPFU0939F1ZX", "Pune", "27"), 0) == "bad_gstin"
    assert customer_problem(Customer("S", GSTIN, "Pune", "23"), 0) == "gstin_state_mismatch"
    assert customer_problem(Customer("S", GSTIN, "", "27"), 0) == "customer_required"
    assert customer_problem(Customer("S", GSTIN, "Pune", "27"), 0) is None


def test_normalise_takes_the_state_from_the_gstin() -> None:
    assert normalise(Customer("  Sharma   Handlooms ", " 27aapfu0939f1zv ", " Pune ", "")) == \
        Customer("Sharma Handlooms", GSTIN, "Pune", "27")
