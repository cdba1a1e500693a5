"""The durable print queue: jobs live in the database, a printer that is missing, jammed or
out of paper never blocks or loses a sale, and a job is never printed twice by accident.

* A job is taken (marked ``printing``) in one transaction, printed outside any transaction,
  and finished in another. A crash while printing leaves it ``printing``; at the next start
  :meth:`PrintRunner.recover` marks such jobs ``uncertain`` — they may have printed, so they
  are never retried on their own: the cashier reprints, and a reprint says DUPLICATE.
* A failure the printer reports before printing (offline, paper out, cover open...) leaves
  the job ``failed``: it is retried on the next run. A failure after bytes may have reached
  the paper makes it ``uncertain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pos.services.errors import ServiceError
from pos.services.ports import PrintJob, UowFactory


class PrintFailure(Exception):
    """Raised by a :class:`DocumentPrinter`: ``code`` names the problem (offline, paper_out,
    timeout...), ``maybe_printed`` says whether part of the job may be on paper."""

    def __init__(self, code: str, message: str = "", *, maybe_printed: bool = False) -> None:
        super().__init__(message or code)
        self.code = code
        self.maybe_printed = maybe_printed


class DocumentPrinter(Protocol):
    def print_document(self, job: PrintJob) -> None:
        """Render and print the job's document; raise :class:`PrintFailure`."""
        ...


@dataclass(frozen=True, slots=True)
class RunResult:
    printed: int
    failed: PrintJob | None  # the job that stopped the run, if any
    error: str = ""  # its problem code


class PrintRunner:
    def __init__(self, uow_factory: UowFactory, printer: DocumentPrinter) -> None:
        self.uow_factory = uow_factory
        self.printer = printer

    def recover(self) -> list[PrintJob]:
        """At start-up: jobs a crash interrupted become ``uncertain`` (never auto-retried)."""
        with self.uow_factory() as uow:
            jobs = uow.print_jobs.interrupted()
            uow.commit()
        return jobs

    def run_pending(self, limit: int = 20) -> RunResult:
        """Print waiting jobs in order until the queue is empty or the printer fails."""
        printed = 0
        for _ in range(limit):
            with self.uow_factory() as uow:
                job = uow.print_jobs.take_next()
                uow.commit()
            if job is None:
                break
            try:
                self.printer.print_document(job)
            except PrintFailure as exc:
                status = "uncertain" if exc.maybe_printed else "failed"
                self._finish(job, status, exc.code)
                return RunResult(printed, job, exc.code)
            except Exception as exc:  # a document that cannot be rendered: keep it, say why
                self._finish(job, "failed", f"error: {exc}")
                return RunResult(printed, job, "printer_error")
            self._finish(job, "done")
            printed += 1
        return RunResult(printed, None)

    def _finish(self, job: PrintJob, status: str, error: str = "") -> None:
        with self.uow_factory() as uow:
            uow.print_jobs.finish(job.job_id, status, error)
            uow.commit()

    def reprint_last(self, kind: str = "invoice") -> int:
        """Queue a DUPLICATE of the last document of ``kind`` (one key at the counter)."""
        with self.uow_factory() as uow:
            last = uow.print_jobs.latest(kind)
            if last is None:
                raise ServiceError("nothing_to_reprint", "nothing has been printed yet")
            job_id = uow.print_jobs.enqueue(kind, last.ref, duplicate=True)
            uow.commit()
        return job_id

    def reprint(self, kind: str, ref: str) -> int:
        with self.uow_factory() as uow:
            job_id = uow.print_jobs.enqueue(kind, ref, duplicate=True)
            uow.commit()
        return job_id

    def problems(self) -> list[PrintJob]:
        with self.uow_factory() as uow:
            return uow.print_jobs.problems()
