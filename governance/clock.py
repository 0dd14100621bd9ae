"""The one place the service reads the clock; rules receive `now` as a value."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()
