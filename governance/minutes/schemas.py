"""Request bodies of the minutes API."""

from __future__ import annotations

import msgspec


class NotesIn(msgspec.Struct):
    notes: str


class AttendanceCorrectionIn(msgspec.Struct):
    """A correction of one member's attendance in an adjourned meeting's draft minutes."""

    member_id: str
    status: str
