"""The head-office dashboard: server-rendered pages in Hindi and English.

People log in with a user name and password (argon2id hashes; login attempts rate-limited per
address). The session is a signed cookie (HttpOnly, SameSite=Lax); every form carries the
session's CSRF token and a POST without the right one is refused (403). Pages:

* ``/`` — today's sales by outlet and fair stall, device health (last seen, pending events as
  the till reports them, suspended and revoked devices), the sync issues list (rejected,
  parked and flagged events), alerts (payload mismatches, reused numbers, seq going back) and
  the reconciliation of recent days; admins can revoke, reinstate or replace a device (a
  one-time code whose till revokes the old one when it enrols) and make an enrolment code.
* ``/outlets`` — outlets and fair stalls (GSTIN, state, validity, series, receipt and UPI
  settings); admins add and edit them. ``/staff`` — the tills' staff, their roles, outlets and
  PINs; admins add and edit them. Both publish through the catalogue's change feed.
* ``/products`` — the catalogue; ``/import`` — products from CSV or Excel.
* ``/login``, ``/logout``; ``?lang=hi`` or ``?lang=en`` on any page switches the language.

Each page lives in its own module (``*_pages.py``); :mod:`.web` holds what they share.
"""

from __future__ import annotations

from headoffice.dashboard import (  # noqa: F401  (each registers its routes)
    home_pages,
    import_pages,
    outlets_pages,
    products_pages,
    staff_pages,
)
from headoffice.dashboard.web import router

__all__ = ["router"]
