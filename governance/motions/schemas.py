"""Request bodies of the meetings, motions and votes API."""

from __future__ import annotations

from datetime import datetime

import msgspec


class MeetingIn(msgspec.Struct):
    title: str
    scheduled_for: datetime
    location: str | None = None
    agenda: list[str] | None = None


class AttendanceIn(msgspec.Struct):
    member_id: str
    status: str


class ChairProTemIn(msgspec.Struct):
    member_id: str


class MotionIn(msgspec.Struct):
    title: str
    text: str
    kind: str | None = None
    amends: str | None = None
    minutes_of: str | None = None
    threshold: str | None = None
    method: str | None = None


class ConsentMotionIn(msgspec.Struct):
    title: str
    text: str
    closes_at: datetime


class RecuseIn(msgspec.Struct):
    reason: str
    public: bool = False


class VoteIn(msgspec.Struct):
    choice: str
    receipt: str | None = None  # a secret ballot's receipt made by the client (see voting)


class HandsIn(msgspec.Struct):
    yes: int
    no: int
    abstain: int = 0
