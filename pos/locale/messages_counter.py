"""Messages of the billing screen's additions (customer details, price override, price notice).
``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

COUNTER: Mapping[str, tuple[str, str]] = {
}
