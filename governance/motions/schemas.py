"""Request bodies of the meetings, motions and votes API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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


class AppointsIn(msgspec.Struct, forbid_unknown_fields=True):
    """Whom an `appointment` motion appoints: the seat its carrying creates."""

    member_id: str
    role: str
    starts_on: date
    ends_on: date | None = None


class MotionIn(msgspec.Struct):
    title: str
    text: str
    kind: str | None = None
    amends: str | None = None
    minutes_of: str | None = None
    threshold: str | None = None
    method: str | None = None
    appoints: AppointsIn | None = None
    rescinds: str | None = None
    postpones: str | None = None
    refers: str | None = None
    reconsiders: str | None = None
    to_meeting: str | None = None
    to_body: str | None = None  # the committee's slug (or id)
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
    kind: str | None = None  # `main` (default) or `appointment`
    appoints: AppointsIn | None = None


def motion_fields(data: MotionIn | ConsentMotionIn) -> dict[str, object]:
    """The request as keyword arguments for the service (`appoints` as a plain mapping)."""
    fields = msgspec.structs.asdict(data)
    if data.appoints is not None:
        fields["appoints"] = msgspec.structs.asdict(data.appoints)
    return fields


class RecuseIn(msgspec.Struct):
    reason: str
    public: bool = False


class VoteIn(msgspec.Struct):
    choice: str | None = None
    receipt: str | None = None  # a secret ballot's receipt made by the client (see voting)
    #: A verifiable motion's encrypted ballot, as the browser made it (docs/VERIFY.md 7.2).
    ballot: dict[str, Any] | None = None
    #: A verifiable motion, without JavaScript: the server encrypts `choice` (and says so).
    server_encrypt: bool = False


class DecryptionIn(msgspec.Struct):
    """A trustee's partial decryptions of a verifiable tally, one per line in label order."""

    partials: list[Any]


class HandsIn(msgspec.Struct):
    yes: int
    no: int
    abstain: int = 0
