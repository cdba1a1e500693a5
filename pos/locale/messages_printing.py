"""Messages of the printer setup, test page, printed documents: ``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

PRINTING: Mapping[str, tuple[str, str]] = {
}
