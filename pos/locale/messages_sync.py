"""Messages of the enrolment, sync status and sync issues: ``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

SYNC: Mapping[str, tuple[str, str]] = {
}
