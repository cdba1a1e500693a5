"""Time at head office: moments in UTC, business dates in India (UTC+05:30)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def now_utc() -> datetime:
    return datetime.now(UTC)


def india_date(moment: datetime) -> date:
    """The calendar date in India at ``moment`` (what the tills call today)."""
    return moment.astimezone(IST).date()
