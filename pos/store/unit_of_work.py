"""The SQLite unit of work: the services' ports over one ``BEGIN IMMEDIATE`` transaction."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection

from pos.services.ports import Clock
from pos.store.database import Store
from pos.store.day_repo import SqlCash, SqlDays
from pos.store.documents_repo import SqlCreditNotes, SqlSales, SqlSeries
from pos.store.ledger_repo import SqlAudit, SqlDocuments, SqlOutbox, SqlPrintQueue, SqlStock
from pos.store.people_repo import SqlHolds, SqlStaff


class SqlUnitOfWork:
    """One transaction over the till store, exposing the repositories the services use.

    Leaving the ``with`` block without :meth:`commit` rolls everything back.
    """

    series: SqlSeries
    sales: SqlSales
    credit_notes: SqlCreditNotes
    days: SqlDays
    cash: SqlCash
    staff: SqlStaff
    holds: SqlHolds
    stock: SqlStock
    audit: SqlAudit
    outbox: SqlOutbox
    print_jobs: SqlPrintQueue
    documents: SqlDocuments

    def __init__(self, store: Store, clock: Clock, *, durable: bool = True) -> None:
        """``durable=False`` is for bookkeeping a power cut may lose (a print job): its
        commit skips the fsync and becomes durable with the next durable commit."""
        self._store = store
        self._clock = clock
        self._durable = durable
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self._store.engine.connect()
        if not self._durable:
            self._set_synchronous(conn, "NORMAL")
        conn.begin()
        self._conn = conn
        self.series = SqlSeries(conn)
        self.sales = SqlSales(conn)
        self.credit_notes = SqlCreditNotes(conn)
        self.days = SqlDays(conn)
        self.cash = SqlCash(conn)
        self.staff = SqlStaff(conn)
        self.holds = SqlHolds(conn)
        self.stock = SqlStock(conn)
        self.audit = SqlAudit(conn)
        self.outbox = SqlOutbox(conn)
        self.print_jobs = SqlPrintQueue(conn, self._clock)
        self.documents = SqlDocuments(conn)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn = self._conn
        self._conn = None
        if conn is not None:
            conn.rollback()  # nothing left to roll back after a commit
            if not self._durable:
                self._set_synchronous(conn, "FULL")  # the connection goes back to the pool
            conn.close()

    @staticmethod
    def _set_synchronous(conn: Connection, level: str) -> None:
        # On the driver's connection (autocommit): SQLAlchemy would open a transaction first,
        # and SQLite refuses to change the safety level inside one.
        conn.connection.driver_connection.execute(f"PRAGMA synchronous={level}")  # type: ignore[union-attr]

    def commit(self) -> None:
        assert self._conn is not None, "commit outside the unit of work"
        self._conn.commit()
