"""The Till facade through a whole counter day. Every test runs twice: over the in-memory
fakes and over a real SQLite file, so the fakes and the store keep the same contract."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from pos.domain.catalog import Product, Unit
from pos.domain.discounts import Discount, DiscountLimit, DiscountNotAllowed, DiscountPolicy, Role
from pos.domain.payments import Mode, Tender
from pos.domain.upi import UpiInvoice, upi_link
from pos.services.auth import MAX_ATTEMPTS, hash_pin
from pos.services.errors import ServiceError
from pos.services.ports import StaffMember
from pos.services.till import Till
from pos.store.database import open_store
from pos.store.outlets import save_outlet
from pos.store.people_repo import SqlStaff
from pos.store.unit_of_work import SqlUnitOfWork
from tests.domain.rules import RULES
from tests.services.fakes import FakeCatalogue, FakeState, FakeUnitOfWork, FixedClock, start_of
from tests.services.test_selling import BHOPAL

DAY = date(2026, 11, 22)
PRODUCTS = [
    Product("saree", "CHN-SAR-1", "Chanderi silk saree", "चंदेरी सिल्क साड़ी", "500790", Unit.PCS,
            472_500, True, ("2000000000015",)),
    Product("kurta", "BAG-KUR-1", "Bagh print kurta", "बाग प्रिंट कुर्ता", "620520", Unit.PCS,
            157_500, True, ("2000000000022",)),
    Product("dupatta", "MAH-DUP-1", "Maheshwari dupatta", "महेश्वरी दुपट्टा", "621420", Unit.PCS,
            89_000, True, ("2000000000039",)),
]
POLICY = DiscountPolicy({Role.CASHIER: DiscountLimit(500, 500),
                         Role.MANAGER: DiscountLimit(3000, 2000)})
STAFF = [("meena", "Meena", Role.CASHIER, "1111"), ("ramesh", "Ramesh", Role.MANAGER, "9999")]
HASHES = {pin: hash_pin(pin) for *_, pin in STAFF}


@pytest.fixture(params=["fake", "sqlite"])
def till(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Till]:
    clock = FixedClock(start_of(DAY))
    catalogue = FakeCatalogue(PRODUCTS, RULES)
    members = [StaffMember(sid, name, role, HASHES[pin]) for sid, name, role, pin in STAFF]
    if request.param == "fake":
        state = FakeState(staff={m.staff_id: m for m in members})
        yield Till(lambda: FakeUnitOfWork(state), clock, BHOPAL, catalogue, POLICY)
        return
    store = open_store(tmp_path / "till.db")
    with store.transaction() as conn:
        save_outlet(conn, BHOPAL)
        for member in members:
            SqlStaff(conn).save(member)
    yield Till(lambda: SqlUnitOfWork(store, clock), clock, BHOPAL, catalogue, POLICY)
    store.close()


def _open(till: Till) -> None:
    till.open_day(till.login("ramesh", "9999"), 500_000)


def test_wrong_pins_lock_the_pin(till: Till) -> None:
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(ServiceError) as wrong:
            till.login("meena", "0000")
        assert wrong.value.code == "wrong_pin"
        assert wrong.value.details["attempts_left"] == MAX_ATTEMPTS - attempt
    with pytest.raises(ServiceError) as locked:
        till.login("meena", "0000")
    assert locked.value.code == "pin_locked"
    with pytest.raises(ServiceError) as still:
        till.login("meena", "1111")  # even the right PIN waits
    assert still.value.code == "pin_locked"
    assert isinstance(till.clock, FixedClock)
    till.clock.advance(minutes=6)
    assert till.login("meena", "1111").role is Role.CASHIER
    with pytest.raises(ServiceError) as nobody:
        till.login("ghost", "1111")
    assert nobody.value.code == "unknown_staff"


def test_discount_above_the_limit_needs_a_manager(till: Till) -> None:
    _open(till)
    meena = till.login("meena", "1111")
    cart = till.new_cart()
    line = till.scan(cart, "2000000000015")
    with pytest.raises(DiscountNotAllowed):
        till.discount_line(cart, line.line_id, Discount.percent(1000), meena)
    with pytest.raises(ServiceError) as not_manager:
        till.approve("meena", "1111", Role.MANAGER)
    assert not_manager.value.code == "not_allowed"
    boss = till.approve("ramesh", "9999", Role.MANAGER)
    till.discount_line(cart, line.line_id, Discount.percent(1000), boss)
    assert cart.totals().payable == 425_300  # ₹4,725 less 10 % = 4,252.50, 50 paise up


def test_held_bills_and_the_bill_interrupted_by_a_power_cut(till: Till) -> None:
    _open(till)
    meena = till.login("meena", "1111")
    cart = till.new_cart()
    till.scan(cart, "2000000000015")
    till.scan(cart, "BAG-KUR-1")
    held = till.hold(cart, meena, "Mrs Sharma")
    assert [b.label for b in till.held_bills()] == ["Mrs Sharma"]
    second = till.new_cart()
    till.scan(second, "2000000000039")
    till.keep(second, meena)  # power goes here
    recovered = till.recover_interrupted_bill()
    assert recovered is not None
    assert sorted(b.label for b in till.held_bills()) == ["Mrs Sharma", "recovered"]
    back = till.resume(held.hold_id)
    assert [line.product.sku for line in back.lines] == ["CHN-SAR-1", "BAG-KUR-1"]
    assert back.totals().payable == 630_000
    with pytest.raises(ServiceError):
        till.resume(held.hold_id)  # taken already
    sale = till.complete(back, [Tender.cash(630_000)], meena)
    assert sale.totals.payable == 630_000
    assert till.recover_interrupted_bill() is None  # completing cleared the bill on screen


def test_void_keeps_the_number_and_brings_stock_back(till: Till) -> None:
    _open(till)
    meena = till.login("meena", "1111")
    boss = till.login("ramesh", "9999")
    cart = till.new_cart()
    till.scan(cart, "2000000000015")
    sale = till.complete(cart, [Tender.cash(500_000)], meena)
    assert till.on_hand("saree") == -1000
    with pytest.raises(ServiceError) as cashier:
        till.void(sale.sale_id, meena, "mistake")
    assert cashier.value.code == "not_allowed"
    with pytest.raises(ServiceError) as no_reason:
        till.void(sale.sale_id, boss, "  ")
    assert no_reason.value.code == "reason_required"
    till.void(sale.sale_id, boss, "wrong saree")
    assert till.on_hand("saree") == 0
    with pytest.raises(ServiceError) as twice:
        till.void(sale.sale_id, boss, "again")
    assert twice.value.code == "already_voided"
    report = till.x_report()
    assert report.figures.sales_count == 0 and report.figures.voided_count == 1
    assert report.figures.first_invoice == sale.invoice_no
    cart = till.new_cart()
    till.scan(cart, "2000000000039")
    assert till.complete(cart, [Tender.cash(89_000)], meena).invoice_no == "BPL1A/2627/00002"


def test_return_by_receipt_qr_partial_and_never_more_than_sold(till: Till) -> None:
    _open(till)
    meena = till.login("meena", "1111")
    boss = till.login("ramesh", "9999")
    cart = till.new_cart()
    till.scan(cart, "2000000000015")
    kurtas = till.scan(cart, "2000000000022")
    till.set_quantity(cart, kurtas.line_id, 2000)
    sale = till.complete(cart, [Tender.upi(787_500, "412345678901")], meena)
    qr = upi_link(UpiInvoice("mrignayani@sbi", "MPLUN", sale.invoice_no, DAY, 787_500,
                             BHOPAL.gstin, sale.totals.cgst, sale.totals.sgst))
    found = till.find_sale(qr)
    assert found.sale_id == sale.sale_id and found.invoice_no == sale.invoice_no
    assert till.find_sale(sale.invoice_no.lower()).sale_id == sale.sale_id

    note = till.return_items(found.sale_id, {2: 1000}, Mode.CASH, "size", meena, boss)
    assert note.credit_no == "BPL1R/2627/00001"
    assert note.invoice_no == sale.invoice_no and note.invoice_date == DAY
    (_, qty, tax), = note.lines
    assert (qty, tax.gross, tax.taxable, tax.cgst, tax.sgst) == (1000, -157_500, -150_000,
                                                                -3_750, -3_750)
    assert note.refund == 157_500
    assert till.on_hand("kurta") == -1000
    with pytest.raises(ServiceError) as too_much:
        till.return_items(found.sale_id, {2: 2000}, Mode.CASH, "size", meena, boss)
    assert too_much.value.code == "return_too_much"
    assert too_much.value.details["returnable"] == 1000
    with pytest.raises(ServiceError) as needs_manager:
        till.return_items(found.sale_id, {1: 1000}, Mode.CASH, "colour", meena, meena)
    assert needs_manager.value.code == "not_allowed"
    with pytest.raises(ServiceError) as needs_ref:
        till.return_items(found.sale_id, {1: 1000}, Mode.UPI, "colour", meena, boss)
    assert needs_ref.value.code == "reference_required"
    with pytest.raises(ServiceError) as voiding:
        till.void(sale.sale_id, boss, "after a return")
    assert voiding.value.code == "void_has_returns"
    with pytest.raises(ServiceError) as unknown:
        till.find_sale("BPL1A/2627/09999")
    assert unknown.value.code == "no_such_invoice"


def test_a_day_from_float_to_z_report(till: Till) -> None:
    _open(till)
    meena = till.login("meena", "1111")
    boss = till.login("ramesh", "9999")
    cart = till.new_cart()
    till.scan(cart, "2000000000015")
    till.complete(cart, [Tender.upi(200_000, "412345678901"), Tender.cash(300_000)], meena)
    cart = till.new_cart()
    till.scan(cart, "2000000000022")
    till.complete(cart, [Tender.card(157_500, "AUTH-4411")], meena)
    till.cash_movement(meena, "paid_out", 4_000, "tea for the stall")
    till.cash_movement(boss, "paid_in", 10_000, "change from bank")
    with pytest.raises(ServiceError) as too_much:
        till.cash_movement(meena, "paid_out", 10_000_000, "courier")
    assert too_much.value.code == "not_enough_cash"

    x = till.x_report().figures
    assert x.sales_count == 2 and x.payable == 630_000
    assert x.sales_by_mode == {"upi": 200_000, "cash": 272_500, "card": 157_500}
    assert x.expected_cash == 500_000 + 272_500 - 4_000 + 10_000
    assert [(r.rate_bp, r.taxable, r.cgst) for r in x.by_rate] == [(500, 600_000, 15_000)]

    counts = {"note:50000": 15, "note:10000": 1, "note:5000": 1, "coin:1000": 1, "coin:500": 1}
    with pytest.raises(ServiceError) as why:
        till.close_day(boss, counts)  # ₹7,665 counted, ₹7,785 expected
    assert why.value.code == "variance_reason_required"
    assert why.value.details["variance"] == -12_000
    z = till.close_day(boss, counts, "₹120 short: change given twice")
    assert z.count is not None
    assert (z.count.expected, z.count.counted, z.count.variance) == (778_500, 766_500, -12_000)
    assert z.variance_reason == "₹120 short: change given twice"
    cart = till.new_cart()
    till.scan(cart, "2000000000039")
    with pytest.raises(ServiceError) as closed:
        till.complete(cart, [Tender.cash(89_000)], meena)
    assert closed.value.code == "day_not_open"
    with pytest.raises(ServiceError) as reopen:
        till.open_day(boss, 500_000)
    assert reopen.value.code == "day_already_closed"
    assert isinstance(till.clock, FixedClock)
    till.clock.advance(days=1)
    till.open_day(boss, 500_000)  # the next morning


def test_stock_received_sent_to_a_fair_returned_and_adjusted(till: Till) -> None:
    meena = till.login("meena", "1111")
    boss = till.login("ramesh", "9999")
    till.move_stock(meena, "received", [("saree", 20_000), ("kurta", 10_000)], "GRN-7")
    till.move_stock(boss, "sent_to_fair", [("saree", 14_000)], reference="IITF1")
    till.move_stock(boss, "returned_from_fair", [("saree", 3_000)], reference="IITF1")
    with pytest.raises(ServiceError) as cashier:
        till.move_stock(meena, "adjusted", [("kurta", -1_000)], reason="damaged")
    assert cashier.value.code == "not_allowed"
    till.move_stock(boss, "adjusted", [("kurta", -1_000)], reason="damaged in rain")
    with pytest.raises(ServiceError) as no_stall:
        till.move_stock(boss, "sent_to_fair", [("saree", 1_000)])
    assert no_stall.value.code == "stall_required"
    with pytest.raises(ServiceError) as negative:
        till.move_stock(meena, "received", [("saree", -1_000)])
    assert negative.value.code == "bad_quantity"
    assert till.on_hand("saree") == 9_000
    assert till.on_hand("kurta") == 9_000


def test_a_closed_day_cannot_be_left_open_into_the_next(till: Till) -> None:
    _open(till)
    assert isinstance(till.clock, FixedClock)
    till.clock.advance(days=1)
    meena = till.login("meena", "1111")
    cart = till.new_cart()
    till.scan(cart, "2000000000039")
    with pytest.raises(ServiceError) as stale:
        till.complete(cart, [Tender.cash(89_000)], meena)
    assert stale.value.code == "day_stale"
    assert DAY + timedelta(days=1) == till.clock.today()
