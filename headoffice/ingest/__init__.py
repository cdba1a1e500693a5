"""``POST /sync/push``: a device's events, applied exactly once.

A batch is **one transaction** (the caller's) holding the device's row lock, with a
**savepoint per event**: a bad event rolls back alone and the batch commits once.

For each event, in ``seq`` order, with ``expected`` = the device's ``last_applied_seq + 1``:

1. ``seq > expected`` → ``gap{expected}`` (and so is every later event of the batch).
2. Insert the ``received_events`` row. Its unique constraints decide, never a prior look-up:
   the ``event_id`` exists with the same hash → ``duplicate`` (with what the first copy got);
   with another hash → ``payload_mismatch`` (the original is kept, an alert is raised); the
   ``(device, seq)`` exists under another event, or ``seq`` is below ``expected`` → the
   device's database was cloned or restored: ``rejected`` (``seq_backwards``), the device is
   **suspended** and the batch stops there.
3. Validate the payload and apply it under a nested savepoint. A payload that does not fit,
   a document number outside the device's series or another outlet's event → ``rejected``
   (kept in quarantine: the row stays, the queue moves on). A document number already used by
   another event → ``rejected`` (``invoice_reused``) and the device is **suspended**. A
   return or void whose sale has not arrived → ``parked``; it is linked when the sale comes.
   Otherwise ``applied``, with flags for what needs a person: negative stock, a price not the
   catalogue's, a late arrival after head office locked the day, and any difference between
   the till's arithmetic and head office's own recomputation with ``pos.domain``.

Speed: a run of consecutive sales that pass every check made without the database is written
with one statement per table for the whole run, under one savepoint. The outcome is the one
the event-by-event path would give; when a unique constraint refuses part of the run (a
resend, a reused number) the run's savepoint is rolled back and its events take the
event-by-event path, which decides them as described above. Lines, tenders and stock of the
batch are written once, at its end.

Modules: :mod:`.context` (models, outcomes, the batch's context), :mod:`.batch` (the loop),
:mod:`.sales`, :mod:`.returns`, :mod:`.days`, :mod:`.reconcile`.
"""

from headoffice.ingest.batch import push
from headoffice.ingest.context import (
    BatchError,
    LooseEvent,
    LoosePush,
    check_batch,
    first_error,
)
from headoffice.ingest.reconcile import DayTotals, day_totals, reconcile
from headoffice.ingest.sales import recompute_sale

__all__ = ["BatchError", "DayTotals", "LooseEvent", "LoosePush", "check_batch", "day_totals",
           "first_error", "push", "recompute_sale", "reconcile"]
