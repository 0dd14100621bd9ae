"""Plain-text input and output shared by every domain: one length check, one ISO formatter.

A rule about what text we accept is written here once, so the same sentence reaches a board
member whichever form or API call they used.
"""

from __future__ import annotations

from datetime import date, datetime

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
