"""Every document the till queues comes out of the same pipeline: a credit note, a Z report,
an X report, a test page and DUPLICATE reprints, printed by the real queue on the file printer
and decoded back from the bytes to the exact image; the header is the outlet's profile from
head office when the till has one, read fresh for each receipt; printer settings persist."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from pos.bootstrap import TillParts, build_till, seed_demo
from pos.demo import load_demo_catalogue
from pos.domain.codec import sale_from_payload
from pos.domain.payments import Mode, Tender
from pos.domain.reports import cash_count
from pos.domain.tax import Supply
from pos.print_adapter import ReceiptDocumentPrinter
from pos.printer_wiring import (
    SettingsPrinterStore,
    build_printing,
    header_from_profile,
    printer_for,
)
from pos.printing.decode import decode
from pos.printing.layout import Document
from pos.printing.receipt import (
    CreditedLine,
    CreditNoteInput,
    ReceiptHeader,
    day_report,
    receipt_for_credit_note,
    receipt_for_sale,
)
from pos.services import day, returns
from pos.services.auth import StaffSession
from pos.services.print_queue import PrintFailure
from pos.services.printer_settings import PrinterConfig
from pos.store.database import open_store
from pos.store.settings_repo import OUTLET_PROFILE, set_setting
from pos.sync.protocol import OutletData
from tests.services.fakes import FixedClock

NOON = datetime(2026, 11, 22, 6, 30, tzinfo=UTC)  # 12:00 in India
PRINTED = datetime(2026, 11, 22, 13, 0, tzinfo=UTC)  # the fixed "now" of the printer
SAREE = "2000000100012"  # Chanderi Silk Saree - Peacock Buti, ₹6,850 at 5 %
ELEPHANT = "2000000103198"  # Sheesham Carved Elephant, ₹1,450, handicraft 5 %
BOX = "2000000103204"  # Wooden Jewellery Box, ₹1,250


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[TillParts]:
    store = open_store(tmp_path / "till.db")
    seed_demo(store)
    built = build_till(store, "BPL1", FixedClock(NOON))
    built.till.open_day(manager(built), 500_000)
    yield built
    store.close()


def manager(parts: TillParts) -> StaffSession:
    return next(s for s in parts.till.staff() if s.role.value == "manager")


def sell(parts: TillParts, *codes: str, cash: bool = True) -> str:
    till = parts.till
    cart = till.new_cart()
    for code in codes:
        till.scan(cart, code)
    payable = cart.totals().payable
    tender = Tender.cash(payable) if cash else Tender.upi(payable, "412345678901")
    return till.complete(cart, [tender], manager(parts)).sale_id


def jobs(folder: Path) -> list[Path]:
    return sorted(folder.glob("receipt-*.bin"))


def printed_image(path: Path) -> QImage:
    """The job's bytes decoded back to an image, checked against the PNG the file printer
    wrote beside them."""
    image = decode(path.read_bytes()).image()
    png = QImage(str(path.with_suffix(".png"))).convertToFormat(image.format())
    assert image == png
    return image


def expected(doc: Document, config: PrinterConfig, data_dir: Path) -> QImage:
    return printer_for(config, data_dir).render(doc)


def demo_header() -> ReceiptHeader:
    return ReceiptHeader.from_settings(load_demo_catalogue().outlet("BPL1"))


def test_credit_note_prints_kicks_the_drawer_for_cash_and_decodes_exactly(
        parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path, now=lambda: PRINTED)
    wiring.setup.save(PrinterConfig(kick_drawer=True))
    sale_id = sell(parts, SAREE, ELEPHANT)
    boss = manager(parts)
    note = parts.till.return_items(sale_id, {2: 1000}, Mode.CASH, "gift not liked", boss, boss)

    result = wiring.runner.run_pending()
    assert (result.printed, result.failed) == (2, None)
    invoice_bin, note_bin = jobs(tmp_path / "printer")
    assert "kick" in decode(invoice_bin.read_bytes()).names()  # a cash bill opens the drawer
    job = decode(note_bin.read_bytes())
    assert job.names()[:2] == ["init", "kick"]  # the cash refund comes out of the drawer
    assert job.width == 576

    # the same credit note built from what the return returned, not from the stored event
    sale = parts.till.find_sale("BPL1A/2627/00001")
    line = sale.lines[1]
    credited = tuple(CreditedLine(line.line_no, line.name_en, line.name_hi, line.hsn, line.unit,
                                  qty, tax) for _no, qty, tax in note.lines)
    data = receipt_for_credit_note(CreditNoteInput(
        credit_no=note.credit_no, created_at=note.created_at, invoice_no=note.invoice_no,
        invoice_date=note.invoice_date, supply=Supply.INTRA_STATE, place_of_supply="23",
        lines=credited, round_off=note.round_off, refund=note.refund, refund_mode="cash",
        reason="gift not liked", staff=boss.name), demo_header())
    assert data.number == "BPL1C/2627/00001" and data.original_no == "BPL1A/2627/00001"
    assert data.total == 145_000
    assert printed_image(note_bin) == expected(data, PrinterConfig(), tmp_path)


def test_z_report_prints_the_count_and_the_reason(parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path, now=lambda: PRINTED)
    sell(parts, SAREE)
    sell(parts, BOX, cash=False)
    boss = manager(parts)
    counts = {"note:50000": 23, "note:10000": 2}  # ₹11,700 of ₹11,850 expected
    z = parts.till.close_day(boss, counts, "change given twice")
    assert wiring.runner.run_pending().printed == 3  # two bills, then the Z report
    z_bin = jobs(tmp_path / "printer")[-1]
    assert "kick" not in decode(z_bin.read_bytes()).names()
    with parts.till.uow_factory() as uow:
        figures = uow.days.figures(z.day.day_id)
    data = day_report(figures, demo_header(), business_date=z.day.business_date,
                      printed_at=PRINTED, closing=True, cash_count=cash_count(figures, counts),
                      staff=boss.name, variance_reason="change given twice")
    assert data.cash_count is not None and data.cash_count.variance == -15_000
    assert printed_image(z_bin) == expected(data, PrinterConfig(), tmp_path)


def test_reprints_say_duplicate_and_never_open_the_drawer(parts: TillParts,
                                                          tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path, now=lambda: PRINTED)
    wiring.setup.save(PrinterConfig(kick_drawer=True))
    sale_id = sell(parts, SAREE)
    boss = manager(parts)
    note = parts.till.return_items(sale_id, {1: 1000}, Mode.CASH, "colour", boss, boss)
    z = parts.till.close_day(boss, {"note:50000": 10})  # ₹5,000: the float, all else refunded
    wiring.runner.run_pending()
    wiring.runner.reprint("credit_note", note.credit_id)
    wiring.runner.reprint("z_report", z.day.day_id)
    wiring.runner.reprint_last()  # F11: the last bill
    assert wiring.runner.run_pending().printed == 3
    *_, note_dup, z_dup, bill_dup = jobs(tmp_path / "printer")
    for path in (note_dup, z_dup, bill_dup):
        assert "kick" not in decode(path.read_bytes()).names()
    with parts.till.uow_factory() as uow:
        figures = uow.days.figures(z.day.day_id)
        payload = uow.documents.sale_payload(sale_id)
    assert payload is not None
    z_data = day_report(figures, demo_header(), business_date=z.day.business_date,
                        printed_at=PRINTED, closing=True,
                        cash_count=cash_count(figures, {"note:50000": 10}), staff=boss.name,
                        duplicate=True, reprinted_at=PRINTED)
    assert printed_image(z_dup) == expected(z_data, PrinterConfig(), tmp_path)
    bill = receipt_for_sale(sale_from_payload(payload), demo_header(), cashier=boss.name,
                            duplicate=True, reprinted_at=PRINTED)
    assert printed_image(bill_dup) == expected(bill, PrinterConfig(), tmp_path)
    original = receipt_for_sale(sale_from_payload(payload), demo_header(), cashier=boss.name)
    assert printed_image(jobs(tmp_path / "printer")[0]) == expected(original, PrinterConfig(),
                                                                    tmp_path)


def test_x_report_and_test_page_jobs(parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path, now=lambda: PRINTED)
    sell(parts, SAREE)
    till = parts.till
    day.print_x_report(till.uow_factory, till.outlet, till.print_factory)
    with till.uow_factory() as uow:
        uow.print_jobs.enqueue("test_page", "Counter 1")
        uow.commit()
    assert wiring.runner.run_pending().printed == 3
    _bill, x_bin, page_bin = jobs(tmp_path / "printer")
    report = till.x_report()
    data = day_report(report.figures, demo_header(), business_date=report.day.business_date,
                      printed_at=PRINTED)
    assert printed_image(x_bin) == expected(data, PrinterConfig(), tmp_path)
    assert decode(page_bin.read_bytes()).height > 600


def test_an_unknown_kind_waits_visibly(parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path)
    with parts.till.uow_factory() as uow:
        uow.print_jobs.enqueue("challan", "C-1")
        uow.commit()
    result = wiring.runner.run_pending()
    assert result.error == "unsupported"
    assert [j.kind for j in wiring.runner.problems()] == ["challan"]


def profile(**changes: object) -> dict[str, object]:
    """Head office's record of the Bhopal outlet as the sync agent stores it."""
    o = load_demo_catalogue().outlet("BPL1")
    data = OutletData(
        outlet_id=o.outlet_id, kind="outlet", name_en=o.name_en, name_hi=o.name_hi,
        legal_name=o.legal_name, state_code=o.state_code, gstin=o.gstin,
        address_en=o.address_en, address_hi=o.address_hi, phone=o.phone,
        invoice_prefix="BPL1A", credit_prefix="BPL1C", upi_vpa=o.upi_vpa,
        upi_payee_name=o.upi_payee_name, receipt_header_en=o.receipt_header_en,
        receipt_header_hi=o.receipt_header_hi, receipt_footer_en=o.receipt_footer_en,
        receipt_footer_hi=o.receipt_footer_hi)
    return {**data.model_dump(mode="json"), **changes}


def test_header_comes_from_the_outlet_profile_read_fresh_for_each_receipt(
        parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path, now=lambda: PRINTED)
    assert wiring.document_printer.current_header() == demo_header()  # no profile yet
    sale_id = sell(parts, SAREE, cash=False)
    wiring.runner.run_pending()

    changed = profile(legal_name="M.P. Laghu Udyog Nigam (Handloom Division)",
                      address_hi="जी.टी.बी. कॉम्प्लेक्स, टी.टी. नगर, भोपाल 462003",
                      upi_payee_name="MPLUN Bhopal",
                      receipt_footer_en="Exchange within 15 days with this receipt.",
                      receipt_footer_hi="इस रसीद के साथ 15 दिन में बदलाव।")
    with parts.store.transaction() as conn:
        set_setting(conn, OUTLET_PROFILE, changed)
    header = header_from_profile(changed)
    assert header is not None
    assert header.legal_name_en == "M.P. Laghu Udyog Nigam (Handloom Division)"
    assert header.address_hi.startswith("जी.टी.बी.") and header.upi_payee == "MPLUN Bhopal"
    assert header.footer_en == "Exchange within 15 days with this receipt."
    assert wiring.document_printer.current_header() == header  # no restart needed

    wiring.runner.reprint("invoice", sale_id)
    assert wiring.runner.run_pending().printed == 1
    first, reprint = jobs(tmp_path / "printer")
    with parts.till.uow_factory() as uow:
        payload = uow.documents.sale_payload(sale_id)
    assert payload is not None
    sale = sale_from_payload(payload)
    boss = manager(parts)
    assert printed_image(first) == expected(
        receipt_for_sale(sale, demo_header(), cashier=boss.name), PrinterConfig(), tmp_path)
    new = receipt_for_sale(sale, header, cashier=boss.name, duplicate=True, reprinted_at=PRINTED)
    assert "pn=MPLUN%20Bhopal" in new.qr_payload
    assert printed_image(reprint) == expected(new, PrinterConfig(), tmp_path)


def test_a_profile_without_gstin_is_not_used() -> None:
    assert header_from_profile(profile(gstin="")) is None
    assert header_from_profile("not a record") is None


def test_printer_settings_survive_a_restart_and_are_used(tmp_path: Path) -> None:
    store = open_store(tmp_path / "till.db")
    seed_demo(store)
    parts = build_till(store, "BPL1", FixedClock(NOON))
    assert SettingsPrinterStore(store).load() is None
    wiring = build_printing(parts, tmp_path)
    assert wiring.config == PrinterConfig()  # never set up: the file printer, 80 mm
    assert wiring.where == f"file://{tmp_path / 'printer'}"
    folder = tmp_path / "elsewhere"
    wiring.setup.save(PrinterConfig(kind="file", folder=str(folder), width_mm=58,
                                    darkness=70))
    store.close()

    store = open_store(tmp_path / "till.db")  # the till starts again
    parts = build_till(store, "BPL1", FixedClock(NOON))
    parts.till.open_day(manager(parts), 500_000)
    wiring = build_printing(parts, tmp_path)
    assert wiring.config == PrinterConfig(kind="file", folder=str(folder), width_mm=58,
                                          darkness=70)
    sell(parts, SAREE)
    assert wiring.runner.run_pending().printed == 1
    (job,) = jobs(folder)
    assert printed_image(job).width() == 384
    store.close()


def test_saving_switches_the_running_printer(parts: TillParts, tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path)
    sell(parts, SAREE)
    wiring.runner.run_pending()
    wiring.setup.save(PrinterConfig(width_mm=58))
    sell(parts, SAREE)
    wiring.runner.run_pending()
    wide, narrow = jobs(tmp_path / "printer")
    assert decode(wide.read_bytes()).width == 576
    assert decode(narrow.read_bytes()).width == 384


def test_windows_printer_off_windows_is_a_clear_failure(parts: TillParts,
                                                        tmp_path: Path) -> None:
    wiring = build_printing(parts, tmp_path)
    with pytest.raises(PrintFailure) as failed:
        wiring.setup.test_page(PrinterConfig(kind="windows", windows_name="TVS RP3160 Gold"))
    assert failed.value.code == "unsupported"
    assert wiring.setup.windows_printers() == []


def test_returns_and_day_close_queue_their_job_through_the_print_factory(
        parts: TillParts) -> None:
    till = parts.till
    used: list[str] = []

    def print_factory():  # type: ignore[no-untyped-def]
        used.append("print")
        return till.print_factory()

    sale_id = sell(parts, SAREE)
    boss = manager(parts)
    returns.return_items(till.uow_factory, till.clock, till.outlet, boss, boss, sale_id,
                         {1: 1000}, Mode.CASH, "colour", print_factory=print_factory)
    day.close_day(till.uow_factory, till.clock, till.outlet, boss, {"note:50000": 10},
                  print_factory=print_factory)
    assert used == ["print", "print"]
    with till.uow_factory() as uow:
        assert [j.kind for j in [uow.print_jobs.take_next() for _ in range(3)] if j] == [
            "invoice", "credit_note", "z_report"]


def test_document_printer_without_events_refuses_credit_notes(parts: TillParts,
                                                              tmp_path: Path) -> None:
    printer = ReceiptDocumentPrinter(parts.till.uow_factory,
                                     printer_for(PrinterConfig(), tmp_path), demo_header(),
                                     dict)
    with parts.till.uow_factory() as uow:
        uow.print_jobs.enqueue("credit_note", "X")
        job = uow.print_jobs.take_next()
    assert job is not None
    with pytest.raises(PrintFailure) as failed:
        printer.print_document(job)
    assert failed.value.code == "unsupported"
