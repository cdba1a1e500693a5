"""Turning any failure into a sentence for the cashier (and a beep), never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication

from pos.domain.money import MoneyParseError
from pos.domain.payments import Underpaid
from pos.locale.formatting import format_money
from pos.services.errors import ServiceError
from pos.ui.i18n import Translator

log = logging.getLogger(__name__)


def describe(error: BaseException, t: Translator) -> str:
    """The user's-language message for ``error``; unexpected ones are logged in full."""
    if isinstance(error, ServiceError):
        details = {k: (format_money(v, t.lang) if k in ("variance", "short") and
                       isinstance(v, int) else v) for k, v in error.details.items()}
        if error.code == "not_allowed" and "needed" in details:
            details["needed"] = t.t(f"role.{details['needed']}")
        return t.error(error.code, **details)
    if isinstance(error, Underpaid):
        return t.error("underpaid", short=format_money(error.short, t.lang))
    if isinstance(error, MoneyParseError):
        return t.error("bad_amount")
    code = getattr(error, "code", None)
    if isinstance(code, str):
        fields = {"code": getattr(error, "code_text", "")}
        return t.error(code, **fields)
    log.exception("unexpected error", exc_info=error)
    return t.error("unexpected", detail=type(error).__name__)


def beep() -> None:
    QApplication.beep()
