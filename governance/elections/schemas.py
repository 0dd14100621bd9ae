"""Request bodies of the election routes (msgspec checks the types; services check the rest)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class ElectionIn(msgspec.Struct):
    title: str
    seats: int
    method: str
    nominations_close: datetime
    opens_at: datetime
    closes_at: datetime
    electorate: str | None = None
    term_starts_on: date | None = None
    term_ends_on: date | None = None
    verifiable: bool = False


class CandidateIn(msgspec.Struct):
    member_id: str
    statement: str | None = None
    lived_experience_candidate: bool | None = None
