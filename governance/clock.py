"""The one place the service reads the clock; rules receive `now` as a value.

`held_at` lets the demo seed a history that happened over months: inside it (and only in
the task that entered it) the clock reads the held moment, one second later at each reading,
and the demo moves it on. Nothing else holds the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta

_TICK = timedelta(seconds=1)


class HeldClock:
    """A clock the demo sets: `set(moment)` and `advance(delta)`; it never goes back."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("A held moment needs a time zone.")
        self.moment = max(self.moment, moment.astimezone(UTC))

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def read(self) -> datetime:
        self.moment += _TICK
        return self.moment


_HELD: ContextVar[HeldClock | None] = ContextVar("governance_held_clock", default=None)


@contextmanager
def held_at(moment: datetime) -> Iterator[HeldClock]:
    """Within this block the clock reads `moment` (moving on by itself one second a read)."""
    if moment.tzinfo is None:
        raise ValueError("A held moment needs a time zone.")
    clock = HeldClock(moment.astimezone(UTC))
    token = _HELD.set(clock)
    try:
        yield clock
    finally:
        _HELD.reset(token)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    held = _HELD.get()
    if held is not None:
        return held.read()
    return datetime.now(UTC)


def wall_clock() -> datetime:
    """The real time, even inside `held_at` (for the demo to know when it runs)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A moment from a request: one given without a zone is read as UTC (the API's rule)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()
