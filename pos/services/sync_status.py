"""What the till's screens know of sync: its status and the events a person should look at.

The sync worker (``pos.sync``) produces these; the UI shows them through the
:class:`SyncControl` port, so it never imports the sync package, HTTP or the store.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class SyncState(enum.StrEnum):
    NOT_ENROLLED = "not_enrolled"  # no head office: sales wait in the outbox
    ONLINE = "online"  # the last attempt reached head office
    SYNCING = "syncing"  # an attempt is running
    OFFLINE = "offline"  # head office cannot be reached: retrying with backoff
    UNAUTHORIZED = "unauthorized"  # the token was refused (revoked): enrol again; selling goes on
    SUSPENDED = "suspended"  # head office suspended this device: call head office
    ELSEWHERE = "elsewhere"  # another till process on this computer syncs this device
    ERROR = "error"  # head office answered with an error: retrying with backoff


@dataclass(frozen=True)
class SyncStatus:
    state: SyncState
    pending: int = 0
    oldest_pending: datetime | None = None  # device time of the oldest unsent event
    last_success: datetime | None = None
    issues: int = 0  # rejected, parked, flagged and mismatched events
    error: str = ""  # the last error's code (``offline``, ``unauthorized``...)
    detail: str = ""  # for support: what head office or the network said
    next_attempt: datetime | None = None
    catalogue_cursor: int | None = None
    server_url: str = ""


@dataclass(frozen=True)
class SyncIssue:
    """One event head office did not simply apply."""

    seq: int
    event_id: str
    kind: str  # sale | void | credit_note | day_close ...
    business_date: str
    status: str  # flagged | parked | rejected | mismatch
    reason: str = ""  # head office's reason code (rejected, parked)
    detail: str = ""  # head office's explanation (English, for support)
    flags: tuple[str, ...] = field(default_factory=tuple)  # flag codes (flagged)
    document: str = ""  # the bill or credit-note number


class SyncControl(Protocol):
    """The screens' handle on sync."""

    def status(self) -> SyncStatus: ...

    def sync_now(self) -> None:
        """Try at once (a sale was made, the network came back, the day is closing)."""

    def issues(self) -> list[SyncIssue]: ...

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        """Call ``listener`` (on the sync thread) whenever the status changes."""

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the sync thread) after head office's catalogue was applied."""

    def unenrol(self) -> None:
        """Disconnect this till from head office (forget its token). Raises
        :class:`~pos.services.errors.ServiceError` ``unenrol_pending`` while events wait to be
        sent: they would be stranded."""


class NoSync:
    """A till with no head office (the offline demo): everything waits in the outbox."""

    def __init__(self, pending: Callable[[], int]) -> None:
        self._pending = pending

    def status(self) -> SyncStatus:
        return SyncStatus(SyncState.NOT_ENROLLED, pending=self._pending())

    def sync_now(self) -> None:
        return None

    def issues(self) -> list[SyncIssue]:
        return []

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        return None

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        return None

    def unenrol(self) -> None:
        return None


@dataclass(frozen=True)
class Enrolled:
    """A till just enrolled with head office."""

    device_id: str
    outlet_id: str
    outlet_name: str
    series_prefix: str
    catalogue_rows: int  # rows of the first snapshot loaded (0 when it could not be loaded yet)
    token_kept_in: str  # keyring | file


Progress = Callable[[str, int, int], None]  # (stage, done, total)


class Enroller(Protocol):
    """Enrolment as the enrolment screen sees it. Raises
    :class:`~pos.services.errors.ServiceError` with a code the screen translates."""

    def enrol(self, server_url: str, code: str, label: str,
              progress: Progress) -> Enrolled: ...
