"""Pure rules of the decision log: cursors, filters, search terms and CSV cells.

Nothing here touches the database, the clock or the web; the service passes plain values.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from governance.errors import InvalidInput

OUTCOMES = ("carried", "failed", "withdrawn")
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_QUERY_CHARS = 200
MAX_TERMS = 8

# Words are runs of letters and digits; everything else (underscore included) separates
# them. Both engines index and search only such words (see `governance.decisions.search`).
_WORD = re.compile(r"[^\W_]+")
# Cells a spreadsheet would read as a formula (OWASP's list, with tab and carriage return).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last decision's time and id (keyset, newest first)."""

    decided_at: datetime
    id: str


@dataclass(frozen=True)
class Filters:
    """Validated filters; `body` is still a slug (the service resolves it)."""

    terms: tuple[str, ...] = ()
    body: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def q(self) -> str:
        return " ".join(self.terms)


def encode_cursor(cursor: Cursor) -> str:
    """An opaque, URL-safe token for `cursor`."""
    raw = json.dumps([cursor.decided_at.isoformat(), cursor.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str) -> Cursor:
    """The cursor a token stands for; `InvalidInput` naming `cursor` when it is not one."""
    bad = InvalidInput(
        "This page link is not valid any more. Go back to the first page of the decision log.",
        field="cursor",
    )
    try:
        padded = token + "=" * (-len(token) % 4)
        at, motion_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        decided_at = datetime.fromisoformat(at)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise bad from None
    if decided_at.tzinfo is None or not isinstance(motion_id, str) or not motion_id:
        raise bad
    if len(motion_id) > 64:
        raise bad
    return Cursor(decided_at=decided_at.astimezone(UTC), id=motion_id)


def words(text: str) -> list[str]:
    """The searchable words of `text`, case-folded, in order."""
    return _WORD.findall(text.casefold())


def search_document(title: str, text: str) -> str:
    """What the search index holds for a decision: its words, separated by single spaces."""
    return " ".join(words(f"{title} {text}"))


def search_terms(q: str | None) -> tuple[str, ...]:
    """The words to look for: every one must be the start of a word in the decision."""
    query = (q or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"Keep the search to {MAX_QUERY_CHARS} characters or fewer.", field="q")
    unique = list(dict.fromkeys(words(query)))
    return tuple(unique[:MAX_TERMS])


def parse_limit(value: str | int | None) -> int:
    """The page size: 1 to 100, 50 when not given."""
    if value is None or value == "":
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("The page size must be a whole number.", field="limit") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"The page size must be from 1 to {MAX_LIMIT}.", field="limit")
    return limit


def _moment(value: str | None, field: str, *, end_of_day: bool) -> datetime | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day, time(0, 0), tzinfo=UTC)
            return start + timedelta(days=1) if end_of_day else start
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            "Enter the date as year-month-day, for example 2026-03-31.", field=field
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_filters(
    *,
    q: str | None = None,
    body: str | None = None,
    outcome: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    """Check the filters of a request. `until` given as a date includes that whole day."""
    chosen = (outcome or "").strip().lower() or None
    if chosen is not None and chosen not in OUTCOMES:
        raise InvalidInput(
            "Choose an outcome of carried, failed or withdrawn, or leave it empty.",
            field="outcome",
        )
    start = _moment(since, "since", end_of_day=False)
    end = _moment(until, "until", end_of_day=True)
    if start is not None and end is not None and end <= start:
        raise InvalidInput("The 'until' date must come after the 'since' date.", field="until")
    return Filters(
        terms=search_terms(q),
        body=(body or "").strip() or None,
        outcome=chosen,
        since=start,
        until=end,
    )


def csv_cell(value: object) -> str:
    """A cell that a spreadsheet shows as text: formulas are neutralised with a leading '."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
