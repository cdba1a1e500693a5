"""Head office: central catalogue, device enrolment, sync endpoints, dashboard.

Run it::

    emporium-hq demo      # migrate, load the demo catalogue, print a login and an enrolment code
    emporium-hq serve     # http://127.0.0.1:8700 — dashboard at /, API at /api/v1, /docs

The database is ``EMPORIUM_HQ_DATABASE_URL`` (``postgresql://user:password@host/db`` in
production), by default a SQLite file in the per-user data folder (``EMPORIUM_HQ_DATA_DIR``);
see :mod:`headoffice.config`.

==========================  ======================================================================
module                      holds
==========================  ======================================================================
``db.schema``, ``db.engine`` tables (PostgreSQL and SQLite), engines, Alembic migrations
``catalog``                 catalogue writes with the change sequence and tombstones; the change
                            feed and the snapshot as each outlet's devices see them
``devices``                 enrolment codes, enrolment, series prefixes, tokens, status, limits
``ingest``                  ``POST /sync/push``: exactly-once application of a batch of events,
                            recomputation with ``pos.domain``, flags, parking, reconciliation
``stock``                   outlet stock from the events, applied per batch in a fixed order
``importer``                products from CSV or Excel with a validation report
``api``                     the FastAPI application (sync API v1)
``dashboard``               the server-rendered Hindi/English dashboard
``cli``                     ``emporium-hq``
==========================  ======================================================================

From the till it imports only ``pos.domain``, ``pos.demo`` (demo data) and
``pos.sync.protocol`` (the wire models): an import-linter contract checks it.
"""
