"""Plain-text input and output shared by every domain: one length check, one ISO formatter.

A rule about what text we accept is written here once, so the same sentence reaches a board
member whichever form or API call they used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from governance.errors import InvalidInput


def clean_text(value: str | None, *, field: str, max_len: int, required: bool = True) -> str:
    """Strip `value` and check it: present when `required`, at most `max_len` characters.

    Raises `InvalidInput` naming `field`, with a sentence a person can act on.
    """
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"Enter the {field.replace('_', ' ')}.", field=field)
    if len(text) > max_len:
        raise InvalidInput(
            f"Keep the {field.replace('_', ' ')} to {max_len:,} characters or fewer.", field=field
        )
    return text


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 text for a date or time, or None for no value."""
    return value.isoformat() if value else None


def _moment(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def zone_label(moment: datetime) -> str:
    """The zone of an aware `moment` as people write it: `GMT`, `BST`, `CET`; where the
    zone has no letters of its own (`+04`), its offset and name: `(UTC+04:00, Asia/Dubai)`."""
    abbreviation = moment.tzname() or ""
    if abbreviation and abbreviation[0].isalpha():
        return abbreviation
    offset = moment.strftime("%z")
    name = getattr(moment.tzinfo, "key", "")
    return f"(UTC{offset[:3]}:{offset[3:]}{', ' + name if name else ''})"


def when_in(value: str | datetime | None, zone: tzinfo) -> str:
    """A moment in words, in `zone`, the zone named: `Sunday 1 November 2026 at 19:00 GMT`.

    A naive moment is taken to be UTC (the database keeps UTC)."""
    moment = _moment(value)
    if moment is None:
        return "" if value in (None, "") else str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} {zone_label(local)}"


def day_in(value: str | date | None, zone: tzinfo) -> str:
    """A date in words, `1 November 2026`; a moment's date is its date in `zone`."""
    if not value:
        return ""
    if isinstance(value, datetime) or (isinstance(value, str) and len(value) > 10):
        moment = _moment(value)
        if moment is None:
            return str(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        found: date = moment.astimezone(zone).date()
    elif isinstance(value, date):
        found = value
    else:
        try:
            found = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return f"{found.day} {found:%B %Y}"
