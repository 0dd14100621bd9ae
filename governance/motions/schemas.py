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
    agenda_item: str | None = None  # an agenda item of the meeting (amendments inherit)


class AgendaItemIn(msgspec.Struct):
    title: str
    notes: str | None = None


class AgendaItemChange(msgspec.Struct):
    title: str | None = None
    notes: str | None = None


class AgendaOrderIn(msgspec.Struct):
    order: list[str]


class RescheduleIn(msgspec.Struct):
    scheduled_for: datetime
    reason: str
    location: str | None = None


class CancelIn(msgspec.Struct):
    reason: str


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
