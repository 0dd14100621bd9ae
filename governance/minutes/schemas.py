"""Request bodies of the minutes API."""

from __future__ import annotations

import msgspec


class NotesIn(msgspec.Struct):
    notes: str
