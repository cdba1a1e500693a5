"""``POST /sync/push`` on the real server, on SQLite and PostgreSQL: every status, every flag,
suspension, and exactly-once under retries."""

from __future__ import annotations

import copy
import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from headoffice.catalog import CatalogWriter
from headoffice.clock import now_utc
from headoffice.db import schema as t
from pos.domain.discounts import Discount
from pos.domain.payments import Tender
from tests.headoffice.conftest import HQ
from tests.headoffice.tillsim import BUSINESS_DATE, KURTA, SAREE, SAREE2, SimTill, resign


def flags(result: dict[str, Any]) -> list[str]:
    return [f["code"] for f in result["flags"]]


def recon(hq: HQ) -> tuple[str, dict[str, Any]]:
    row = hq.q(select(t.business_days.c.recon_status, t.business_days.c.recon_detail))[0]
    return row[0], row[1]


def sale_count(hq: HQ) -> int:
    return int(hq.scalar("SELECT count(*) FROM sales"))


def test_a_sale_is_applied_with_the_tills_figures(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    opened = till.day_open()
    sale, event = till.sale([(SAREE, 1000), (KURTA, 2000)],
                            tenders=[Tender.upi(100_000, "123456789012"), Tender.cash(1_000_000)])
    reply = till.push_ok([opened, event])
    assert [r["status"] for r in reply["results"]] == ["applied", "applied"]
    assert reply["results"][1]["flags"] == []
    assert reply["last_applied_seq"] == 2 and reply["device_status"] == "active"
    row = hq.rows("SELECT invoice_no, payable, taxable, cgst, sgst, line_count, status, "
                  "outlet_id, device_id FROM sales")[0]
    assert tuple(row) == (sale.invoice_no, sale.totals.payable, sale.totals.taxable,
                          sale.totals.cgst, sale.totals.sgst, 2, "completed", "BPL1",
                          till.device_id)
    assert hq.scalar("SELECT sum(net) FROM sale_lines") == sale.totals.net
    assert hq.scalar("SELECT sum(amount) FROM sale_tenders") == sale.totals.payable
    assert hq.scalar("SELECT qty_milli FROM stock_levels WHERE product_id = :p",
                     p=till.catalogue.product(KURTA).product_id) == -2000
    assert till.meta()["last_applied_seq"] == 2
    stored = hq.rows("SELECT sha256, payload FROM received_events WHERE event_id = :e",
                     e=sale.sale_id)[0]
    assert stored.sha256 == event["sha256"]  # the hash of exactly the text kept
    assert json.loads(stored.payload) == event["payload"]


def test_the_same_batch_pushed_twice_makes_one_sale_each(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.day_open()] + [till.sale([(SAREE, 1000)])[1] for _ in range(4)]
    assert till.statuses(events) == ["applied"] * 5
    again = till.push_ok(events)["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 5
    assert {r["original_status"] for r in again} == {"applied"}
    assert sale_count(hq) == 4
    # The acknowledgement of a later part was lost: the resend overlaps what arrived.
    more = [till.sale([(SAREE2, 1000)])[1] for _ in range(2)]
    assert till.statuses(events[3:] + more) == ["duplicate", "duplicate", "applied", "applied"]
    assert sale_count(hq) == 6
    assert hq.scalar("SELECT count(*) FROM received_events") == 7
    assert till.meta()["last_applied_seq"] == 7


def test_concurrent_retries_of_one_batch_apply_it_once(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.day_open()] + [till.sale([(SAREE, 1000), (KURTA, 1000)])[1]
                                  for _ in range(20)]
    replies: list[list[str]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            replies.append(till.statuses(events))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    applied = [s for reply in replies for s in reply if s == "applied"]
    assert len(applied) == 21  # each event applied by exactly one of the four pushes
    assert all(set(reply) <= {"applied", "duplicate"} for reply in replies)
    assert sale_count(hq) == 20
    kurta = till.catalogue.product(KURTA).product_id
    assert hq.scalar("SELECT qty_milli FROM stock_levels WHERE product_id = :p",
                     p=kurta) == -20_000


def test_gzip_batches_are_accepted(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.day_open(), till.sale([(SAREE, 1000)])[1]]
    assert [r["status"] for r in till.push_ok(events, gzip_body=True)["results"]] == \
        ["applied", "applied"]


def test_same_id_with_another_payload_is_a_mismatch_and_the_original_stays(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, event = till.sale([(SAREE, 1000)])
    till.push_ok([event])
    changed = copy.deepcopy(event)
    changed["payload"]["staff_id"] = "STF-SURESH"
    reply = till.push_ok([resign(changed)])["results"][0]
    assert reply["status"] == "payload_mismatch"
    assert hq.scalar("SELECT staff_id FROM sales") == "STF-MEENA"
    assert hq.scalar("SELECT payload FROM received_events").find("STF-MEENA") > 0
    alert = hq.rows("SELECT kind, event_id, payload FROM sync_alerts")
    assert [(a.kind, a.event_id) for a in alert] == [("payload_mismatch", sale.sale_id)]
    assert "STF-SURESH" in alert[0].payload  # the refused copy is kept for inspection
    assert till.meta()["device_status"] == "active"


def test_a_mismatch_at_the_head_of_the_queue_does_not_block_it(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, event = till.sale()
    till.push_ok([event])
    reborn = till.envelope("sale", {**event["payload"], "staff_id": "STF-SURESH"},
                           sale.sale_id)  # seq 2: the same id made again, differently
    resent = till.envelope("sale", event["payload"], sale.sale_id)  # seq 3: same id, same body
    after = till.sale()[1]
    results = [till.push_ok([e])["results"][0] for e in (reborn, resent, after)]
    assert [r["status"] for r in results] == ["payload_mismatch", "duplicate", "applied"]
    assert till.meta()["last_applied_seq"] == 4
    assert sale_count(hq) == 2


def test_a_gap_in_seq_asks_for_the_missing_events(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    first, second, third = (till.sale()[1] for _ in range(3))
    reply = till.push_ok([third])["results"]
    assert reply == [{"seq": 3, "event_id": third["event_id"], "status": "gap", "reason": None,
                      "detail": None, "expected": 1, "original_status": None, "flags": []}]
    assert sale_count(hq) == 0
    fourth = till.sale()[1]
    results = till.push_ok([first, second, fourth])["results"]
    assert [(r["status"], r["expected"]) for r in results] == \
        [("applied", None), ("applied", None), ("gap", 3)]
    assert till.statuses([third, fourth]) == ["applied", "applied"]
    assert sale_count(hq) == 4


def test_malformed_events_are_quarantined_and_the_queue_moves_on(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    broken = till.sale()[1]
    del broken["payload"]["lines"]
    broken = resign(broken)
    bad_hash = till.sale()[1]
    bad_hash["sha256"] = "0" * 64
    unknown = till.envelope("teleport", {"where": "moon"}, "7e0c5d4c-2f5c-4c3e-9a36-3c1e1c2b9f10")
    not_mine = till.sale(invoice_no="ZZZ9/2526/00001")[1]
    bad_date = till.sale()[1]
    bad_date["business_date"] = "10 January"
    good = till.sale()[1]
    results = till.push_ok([broken, bad_hash, unknown, not_mine, bad_date, good])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("rejected", "malformed"), ("rejected", "sha256_mismatch"),
        ("rejected", "unknown_type"), ("rejected", "unknown_series"),
        ("rejected", "malformed"), ("applied", None)]
    assert "lines" in results[0]["detail"]
    assert sale_count(hq) == 1
    assert hq.scalar("SELECT count(*) FROM received_events WHERE status = 'rejected'") == 5
    assert till.meta()["last_applied_seq"] == 6
    # A resend of a quarantined event gets its stored result back.
    again = till.push_ok([broken])["results"][0]
    assert (again["status"], again["original_status"], again["reason"]) == \
        ("duplicate", "rejected", "malformed")


def test_a_sale_with_a_line_number_twice_is_quarantined_alone(hq: HQ) -> None:
    """Two lines under one number cannot both be stored (the lines' key): the sale is
    rejected as malformed, not written with the batch's lines where it would spoil them."""
    till = SimTill.enrol(hq)
    before = till.sale([(SAREE, 1000)])[1]
    twice = till.sale([(SAREE, 1000), (KURTA, 1000)])[1]
    twice["payload"]["lines"][1]["line_no"] = twice["payload"]["lines"][0]["line_no"]
    twice = resign(twice)
    after = till.sale([(KURTA, 1000)])[1]
    results = till.push_ok([before, twice, after])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("applied", None), ("rejected", "malformed"), ("applied", None)]
    assert "line_no" in results[1]["detail"]
    assert sale_count(hq) == 2
    assert hq.scalar("SELECT count(*) FROM sale_lines") == 2


def test_a_credit_note_naming_a_sale_line_twice_is_quarantined_alone(hq: HQ) -> None:
    """A till's credit note names each sale line once (a line returned twice in one note would
    be credited on figures made for one return): a note repeating a line, or crediting one
    line twice with other quantities, is rejected as malformed; the batch around it goes on,
    whether its sale has arrived or the note would wait for it."""
    till = SimTill.enrol(hq)
    sale, sale_event = till.sale([(SAREE, 1000), (KURTA, 3000)])
    assert till.statuses([sale_event]) == ["applied"]
    before = till.credit_note(sale, {1: 1000})[1]
    repeated = till.credit_note(sale, {2: 1000})[1]
    lines = repeated["payload"]["lines"]
    lines.append(dict(lines[0]))
    repeated["payload"]["refund"] *= 2
    repeated = resign(repeated)
    twice = till.credit_note(sale, {2: 1000})[1]
    other = dict(twice["payload"]["lines"][0], qty_milli=500)
    twice["payload"]["lines"].append(other)
    twice = resign(twice)
    unseen, _ = SimTill.enrol(hq, label="other").sale([(KURTA, 2000)])  # not sent
    parked_twice = till.credit_note(unseen, {1: 1000})[1]
    parked_twice["payload"]["lines"].append(dict(parked_twice["payload"]["lines"][0]))
    parked_twice = resign(parked_twice)
    after = till.credit_note(sale, {2: 1000})[1]
    results = till.push_ok([before, repeated, twice, parked_twice, after])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("applied", None), ("rejected", "malformed"), ("rejected", "malformed"),
        ("rejected", "malformed"), ("applied", None)]
    assert all("sale line 2" in r["detail"] or "sale line 1" in r["detail"]
               for r in results[1:4])
    assert hq.scalar("SELECT count(*) FROM credit_notes") == 2
    assert hq.scalar("SELECT count(*) FROM credit_note_lines") == 2
    assert till.meta()["last_applied_seq"] == 6
    assert hq.scalar("SELECT count(*) FROM received_events WHERE status = 'rejected'") == 3


def test_a_batch_that_is_not_protocol_v1_is_refused_whole(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    a, b = till.sale()[1], till.sale()[1]
    assert till.push([b, a]).status_code == 422  # not in seq order
    assert till.push([a, {**b, "event_id": a["event_id"]}]).status_code == 422
    assert till.push([{**a, "seq": "one"}]).status_code == 422
    r = hq.post("/sync/push", till.token, data=b"{not json", headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "bad_json"
    many = [till.sale()[1] for _ in range(101)]
    assert till.push(many).status_code == 413
    assert sale_count(hq) == 0


def test_batches_over_the_size_limit_get_413_but_one_big_event_passes(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    items = [(p.sku, 1000) for p in till.catalogue.products[:120]
             if till.catalogue.rule_for(p).band is None][:90]
    big = [till.sale(items)[1] for _ in range(6)]  # ~60 KB each as JSON
    r = till.push(big)
    assert r.status_code == 413, r.text
    assert r.json()["detail"]["code"] == "batch_too_large"
    assert till.statuses(big[:1]) == ["applied"]  # alone it may be bigger
    gzipped = till.push_ok(big[1:], gzip_body=True)["results"]  # the limit is as sent
    assert [r["status"] for r in gzipped] == ["applied"] * 5


def test_a_gzip_bomb_is_refused(hq: HQ) -> None:
    import gzip as gz
    till = SimTill.enrol(hq)
    body = b'{"events": [' + b" " * (9 * 1024 * 1024) + b"]}"
    r = hq.post("/sync/push", till.token, data=gz.compress(body), headers={
        "Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_return_whose_sale_has_not_arrived_is_parked_then_linked(hq: HQ) -> None:
    counter_a = SimTill.enrol(hq, label="counter A")
    counter_b = SimTill.enrol(hq, label="counter B")
    sale, sale_event = counter_a.sale([(SAREE, 1000), (KURTA, 2000)])
    counter_b.sales[sale.sale_id] = sale  # B found it by the QR on the receipt
    note, note_event = counter_b.credit_note(sale, {2: 1000})
    parked = counter_b.push_ok([note_event])["results"][0]
    assert (parked["status"], parked["reason"]) == ("parked", "sale_not_received")
    assert hq.scalar("SELECT link_status FROM credit_notes") == "parked"
    assert counter_b.meta()["last_applied_seq"] == 1  # parked is delivered: the queue moves on

    assert counter_a.statuses([sale_event]) == ["applied"]
    re_ = t.received_events
    row = hq.q(select(re_.c.status, re_.c.flags, re_.c.waits_for)
               .where(re_.c.event_id == note_event["event_id"]))[0]
    assert (row.status, row.waits_for) == ("applied", None)
    assert [f["code"] for f in row.flags] == []  # head office's credit note agrees
    assert hq.scalar("SELECT link_status FROM credit_notes") == "linked"
    assert hq.scalar("SELECT refund FROM credit_notes") == note.totals.refund
    kurta = counter_a.catalogue.product(KURTA).product_id
    assert hq.scalar("SELECT qty_milli FROM stock_levels WHERE product_id = :p",
                     p=kurta) == -1000
    again = counter_b.push_ok([note_event])["results"][0]
    assert (again["status"], again["original_status"]) == ("duplicate", "applied")


def test_a_return_against_a_known_sale_is_recomputed(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, event = till.sale([(SAREE, 1000), (KURTA, 3000)], bill_discount=Discount.percent(700))
    _note, note_event = till.credit_note(sale, {2: 2000})
    reply = till.push_ok([event, note_event])["results"]
    assert [(r["status"], r["flags"]) for r in reply] == [("applied", [])] * 2
    # A second return of the same line for more than is left is flagged, never refused.
    _more, more_event = till.credit_note(sale, {2: 1000})
    more_event["payload"]["lines"][0]["qty_milli"] = 2000
    reply = till.push_ok([resign(more_event)])["results"][0]
    assert reply["status"] == "applied"
    assert "return_too_much" in flags(reply)
    _x, tampered = till.credit_note(sale, {1: 1000})
    tampered["payload"]["lines"][0]["cgst"] -= 1
    tampered["payload"]["lines"][0]["taxable"] += 1
    reply = till.push_ok([resign(tampered)])["results"][0]
    assert reply["status"] == "applied" and "recompute_mismatch" in flags(reply)


def test_a_tampered_sale_is_applied_and_flagged_by_the_recomputation(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, event = till.sale([(SAREE, 1000), (KURTA, 1000)])
    line = event["payload"]["lines"][1]
    line["cgst"] -= 500  # tax moved into the taxable value: adds up, but is wrong
    line["sgst"] -= 500
    line["taxable"] += 1000
    event["payload"]["totals"]["taxable"] += 1000
    event["payload"]["totals"]["cgst"] -= 500
    event["payload"]["totals"]["sgst"] -= 500
    reply = till.push_ok([resign(event)])["results"][0]
    assert reply["status"] == "applied"
    found = [(f["code"], f["line_no"]) for f in reply["flags"]]
    assert ("recompute_mismatch", 2) in found
    assert ("recompute_mismatch", None) in found  # the totals too
    assert ("recompute_mismatch", 1) not in found
    assert hq.scalar("SELECT taxable FROM sales") == sale.totals.taxable + 1000  # as billed
    stored = hq.q(select(t.sales.c.flags))[0][0]
    assert "recompute_mismatch" in json.dumps(stored)


def test_a_discounted_sale_recomputes_cleanly(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    cart_items = [(SAREE, 1000), (KURTA, 3000), (SAREE2, 1000)]
    _sale, event = till.sale(cart_items, bill_discount=Discount.amount(101_501))
    reply = till.push_ok([event])["results"][0]
    assert reply == {**reply, "status": "applied", "flags": []}


def test_a_reused_invoice_number_suspends_the_device(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    first, event = till.sale()
    _clone, again = till.sale(invoice_no=first.invoice_no)  # a restored or cloned database
    later = till.sale()[1]
    results = till.push_ok([event, again, later])
    assert [(r["status"], r["reason"]) for r in results["results"]] == [
        ("applied", None), ("rejected", "invoice_reused")]  # the batch stops there
    assert results["device_status"] == "suspended"
    assert sale_count(hq) == 1
    assert hq.scalar("SELECT status FROM devices") == "suspended"
    assert [a.kind for a in hq.rows("SELECT kind FROM sync_alerts")] == ["invoice_reused"]
    refused = till.push([later])
    assert refused.status_code == 403
    assert refused.json()["detail"]["code"] == "device_suspended"
    assert till.meta()["device_status"] == "suspended"  # it may still ask, and sell


def test_a_seq_going_backwards_suspends_the_device(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.sale()[1] for _ in range(3)]
    till.push_ok(events)
    till.seq = 1  # the till's database was restored from an old backup
    reborn = till.sale()[1]
    reply = till.push_ok([reborn])
    assert [(r["status"], r["reason"]) for r in reply["results"]] == \
        [("rejected", "seq_backwards")]
    assert reply["device_status"] == "suspended"
    assert sale_count(hq) == 3
    assert hq.rows("SELECT kind, seq FROM sync_alerts")[0] == ("seq_backwards", 2)


def test_a_device_cannot_post_for_another_outlet(hq: HQ) -> None:
    bhopal = SimTill.enrol(hq)
    stall = SimTill.enrol(hq, "IITF26", label="stall")
    theirs, their_event = stall.sale()
    assert stall.statuses([their_event]) == ["applied"]
    sale_event = bhopal.sale(outlet_id="IITF26")[1]
    void_event = bhopal.void(theirs)
    day_event = bhopal.day_open()
    day_event["payload"]["outlet_id"] = "IITF26"
    stock_event = bhopal.stock_move("received", [(SAREE, 1000)])
    stock_event["payload"]["outlet_id"] = "IITF26"
    results = bhopal.push_ok([sale_event, void_event, resign(day_event), resign(stock_event)])
    assert [(r["status"], r["reason"]) for r in results["results"]] == \
        [("rejected", "wrong_outlet")] * 4
    assert hq.scalar("SELECT status FROM sales") == "completed"
    assert sale_count(hq) == 1


def test_voids_bring_stock_back_and_keep_the_number(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, event = till.sale([(KURTA, 2000)])
    assert till.statuses([event, till.void(sale)]) == ["applied", "applied"]
    assert tuple(hq.rows("SELECT status, invoice_no, void_reason FROM sales")[0]) == \
        ("voided", sale.invoice_no, "wrong saree")
    assert hq.scalar("SELECT qty_milli FROM stock_levels") == 0


def test_two_tills_sell_the_last_piece_both_applied_negative_stock_flagged(hq: HQ) -> None:
    a = SimTill.enrol(hq, label="A")
    b = SimTill.enrol(hq, label="B")
    assert a.statuses([a.stock_move("received", [(SAREE, 1000)])]) == ["applied"]
    first = a.push_ok([a.sale([(SAREE, 1000)])[1]])["results"][0]
    second = b.push_ok([b.sale([(SAREE, 1000)])[1]])["results"][0]
    assert (first["status"], flags(first)) == ("applied", [])
    assert second["status"] == "applied"
    assert "negative_stock" in flags(second)
    assert sale_count(hq) == 2


def test_a_price_not_the_catalogues_is_flagged(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    mrp = till.catalogue.product(SAREE).mrp
    _sale, event = till.sale([(SAREE, 1000)], override={SAREE: mrp - 10_000})
    reply = till.push_ok([event])["results"][0]
    assert reply["status"] == "applied"
    assert flags(reply) == ["price_differs"]
    # The catalogue moves on: a bill made at the old price is flagged, not refused.
    with hq.engine.begin() as conn:
        product = hq_product(conn, SAREE)
        CatalogWriter(conn).put("product", [product.model_copy(update={"mrp": mrp + 5_000})])
    reply = till.push_ok([till.sale([(SAREE, 1000)])[1]])["results"][0]
    assert (reply["status"], flags(reply)) == ("applied", ["price_differs"])


def hq_product(conn: Any, sku: str) -> Any:
    from sqlalchemy import select

    from pos.sync.protocol import ProductData
    data = conn.execute(select(t.catalog_changes.c.data).where(
        t.catalog_changes.c.entity == "product")).scalars().all()
    return next(ProductData.model_validate(d) for d in data if d["sku"] == sku)


def test_a_product_deleted_after_it_was_sold_offline_still_applies(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    _sale, event = till.sale([(SAREE2, 1000)])
    with hq.engine.begin() as conn:
        CatalogWriter(conn).delete("product", till.catalogue.product(SAREE2).product_id)
    reply = till.push_ok([event])["results"][0]
    assert (reply["status"], flags(reply)) == ("applied", ["unknown_product"])


def test_late_arrival_after_head_office_closed_the_day_is_flagged(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    with hq.engine.begin() as conn:
        conn.execute(t.day_locks.insert().values(outlet_id="BPL1", business_date=BUSINESS_DATE,
                                                 locked_at=now_utc(), locked_by="accounts"))
    reply = till.push_ok([till.sale()[1]])["results"][0]
    assert (reply["status"], flags(reply)) == ("applied", ["late_arrival"])


def test_a_clock_far_ahead_is_flagged(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    sale, _ = till.sale()
    till.seq -= 1
    from pos.domain.documents import sale_payload
    event = till.envelope("sale", sale_payload(sale), sale.sale_id,
                          device_time=datetime.now(UTC) + timedelta(days=3))
    reply = till.push_ok([event])["results"][0]
    assert (reply["status"], flags(reply)) == ("applied", ["clock_ahead"])


def test_a_day_is_reconciled_against_its_z_report(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.day_open(), till.cash_movement("paid_out", 5_000)]
    sales = [till.sale([(SAREE, 1000)]), till.sale([(KURTA, 1000), (SAREE2, 1000)]),
             till.sale([(KURTA, 3000)], tenders=[Tender.card(472_500, "TXN-42")])]
    events += [e for _s, e in sales]
    events.append(till.void(sales[0][0]))
    events.append(till.credit_note(sales[1][0], {1: 1000})[1])
    events.append(till.day_close())
    assert till.statuses(events) == ["applied"] * len(events)
    status, detail = recon(hq)
    assert status == "reconciled", detail


def test_a_day_close_before_its_sales_awaits_them_then_reconciles(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    opened = till.day_open()
    sales = [till.sale([(SAREE, 1000)]) for _ in range(2)]
    figures = till.figures()
    till.seq = 1
    close = till.day_close(figures)  # seq 2: the close went up first
    sale_events = [till.envelope("sale", e["payload"], e["event_id"]) for _s, e in sales]
    assert till.statuses([opened, close]) == ["applied", "applied"]
    status, detail = recon(hq)
    assert (status, detail["missing_documents"]) == ("awaiting", 2)
    assert till.statuses(sale_events[:1]) == ["applied"]
    assert recon(hq)[1]["missing_documents"] == 1
    assert till.statuses(sale_events[1:]) == ["applied"]
    assert hq.scalar("SELECT recon_status FROM business_days") == "reconciled"


def test_a_day_whose_figures_differ_is_a_mismatch(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    events = [till.day_open(), till.sale()[1]]
    figures = till.figures()
    figures["payable"] += 100
    events.append(till.day_close(figures))
    assert till.statuses(events) == ["applied"] * 3
    status, detail = recon(hq)
    assert status == "mismatch"
    assert detail["differences"]["payable"]["till"] == figures["payable"]


def test_flagged_facts_add_up_to_the_paisa(hq: HQ) -> None:
    """Whatever the flags, head office's totals are the tills' totals."""
    a = SimTill.enrol(hq, label="A")
    b = SimTill.enrol(hq, "IITF26", label="stall")
    made = []
    for till in (a, b):
        events = [till.day_open()]
        for items in ([(SAREE, 1000)], [(KURTA, 2000), (SAREE2, 1000)], [(KURTA, 1000)]):
            sale, event = till.sale(items, bill_discount=Discount.percent(350))
            made.append(sale)
            events.append(event)
        events.append(till.day_close())
        assert till.statuses(events) == ["applied"] * len(events)
    assert hq.scalar("SELECT sum(payable) FROM sales") == sum(s.totals.payable for s in made)
    for outlet in ("BPL1", "IITF26"):
        assert hq.scalar("SELECT sum(cgst) FROM sales WHERE outlet_id = :o", o=outlet) == \
            sum(s.totals.cgst for s in made if s.outlet_id == outlet)
    assert {r[0] for r in hq.rows("SELECT recon_status FROM business_days")} == {"reconciled"}


def test_two_tills_pushing_at_once_over_the_same_stock_lose_nothing(hq: HQ) -> None:
    """Two counters of one outlet push together; their sales touch the same stock rows in
    opposite orders (on PostgreSQL a deadlock is possible and the batch is simply retried)."""
    a = SimTill.enrol(hq, label="A")
    b = SimTill.enrol(hq, label="B")
    batches = [
        [[a.sale([(SAREE, 1000)])[1], a.sale([(KURTA, 1000)])[1]] for _ in range(15)],
        [[b.sale([(KURTA, 1000)])[1], b.sale([(SAREE, 1000)])[1]] for _ in range(15)],
    ]
    errors: list[BaseException] = []

    def run(till: SimTill, mine: list[list[dict[str, Any]]]) -> None:
        try:
            for batch in mine:
                assert till.statuses(batch) == ["applied", "applied"]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(till, mine))
               for till, mine in zip((a, b), batches, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sale_count(hq) == 60
    for sku in (SAREE, KURTA):
        assert hq.scalar("SELECT qty_milli FROM stock_levels WHERE product_id = :p",
                         p=a.catalogue.product(sku).product_id) == -30_000
        assert hq.scalar("SELECT sum(qty_milli) FROM stock_moves WHERE product_id = :p",
                         p=a.catalogue.product(sku).product_id) == -30_000


def test_a_rejected_void_or_return_loses_nothing_of_the_sales_before_it(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    stall = SimTill.enrol(hq, "IITF26", label="stall")
    theirs, their_event = stall.sale()
    stall.push_ok([their_event])
    mine, mine_event = till.sale([(SAREE, 1000), (KURTA, 2000)])
    wrong_void = till.void(theirs)  # another outlet's sale: rejected after reading it
    bad_note = till.credit_note(mine, {1: 1000})[1]
    bad_note["payload"]["credit_no"] = "NOPE1/2526/00001"
    after, after_event = till.sale([(KURTA, 1000)])
    results = till.push_ok([mine_event, wrong_void, resign(bad_note), after_event])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("applied", None), ("rejected", "wrong_outlet"), ("rejected", "unknown_series"),
        ("applied", None)]
    assert hq.scalar("SELECT count(*) FROM sale_lines WHERE sale_id = :s", s=mine.sale_id) == 2
    assert hq.scalar("SELECT count(*) FROM sale_tenders WHERE sale_id = :s",
                     s=mine.sale_id) == 1
    assert hq.scalar("SELECT count(*) FROM sale_lines WHERE sale_id = :s", s=after.sale_id) == 1


def _stored(hq: HQ, till: SimTill) -> list[Any]:
    """What head office keeps of a till's sales, without what differs by till or by moment
    (ids, numbers, times)."""
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in hq.rows(sql, device=till.device_id)]
    return [
        rows("SELECT seq, type, status, reason, flags FROM received_events "
             "WHERE device_id = :device ORDER BY seq"),
        rows("SELECT line_count, gross, discount, net, taxable, cgst, sgst, igst, round_off, "
             "payable, change, status, flags FROM sales WHERE device_id = :device "
             "ORDER BY invoice_no"),
        rows("SELECT l.line_no, l.product_id, l.unit_price, l.qty_milli, l.net, l.rate_bp, "
             "l.taxable, l.cgst, l.sgst, l.price_overridden FROM sale_lines l JOIN sales s "
             "ON s.sale_id = l.sale_id WHERE s.device_id = :device "
             "ORDER BY s.invoice_no, l.line_no"),
        rows("SELECT t.seq, t.mode, t.amount, t.tendered FROM sale_tenders t JOIN sales s "
             "ON s.sale_id = t.sale_id WHERE s.device_id = :device ORDER BY s.invoice_no, t.seq"),
        rows("SELECT m.product_id, m.qty_milli, m.kind FROM stock_moves m JOIN sales s "
             "ON s.sale_id = m.ref WHERE s.device_id = :device "
             "ORDER BY s.invoice_no, m.product_id"),
    ]


def test_sales_in_one_batch_are_stored_as_when_sent_one_by_one(hq: HQ) -> None:
    """A run of sales takes the bulk path; each must end exactly as it would alone."""
    together, alone = SimTill.enrol(hq, label="together"), SimTill.enrol(hq, label="alone")
    mrp = together.catalogue.product(SAREE2).mrp

    def day(till: SimTill) -> list[dict[str, Any]]:
        events = [till.sale([(SAREE, 1000), (KURTA, 3000)])[1],
                  till.sale([(SAREE2, 1000)], override={SAREE2: mrp - 5_000})[1],
                  till.sale([(KURTA, 2000)])[1],
                  till.sale([(SAREE, 2000)], bill_discount=Discount.amount(10_000))[1]]
        events[2]["payload"]["totals"]["payable"] += 100
        events[2] = resign(events[2])
        return events

    sent = together.push_ok(day(together))["results"]
    assert [(r["status"], flags(r)) for r in sent] == [
        ("applied", []), ("applied", ["price_differs"]),
        ("applied", ["recompute_mismatch", "tender_mismatch"]),
        ("applied", [])]
    for event in day(alone):
        assert alone.push_ok([event])["results"][0]["status"] == "applied"
    assert _stored(hq, together) == _stored(hq, alone)


def test_a_resent_batch_with_new_sales_after_it_applies_only_the_new(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    first = [till.sale()[1] for _ in range(3)]
    assert till.statuses(first) == ["applied"] * 3
    more = [till.sale()[1] for _ in range(3)]
    assert till.statuses(first + more) == ["duplicate"] * 3 + ["applied"] * 3
    assert sale_count(hq) == 6
    assert till.meta()["last_applied_seq"] == 6
