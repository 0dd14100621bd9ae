"""An audit entry as readers see it, and the name of the platform's own chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PLATFORM_CHAIN = "platform"


@dataclass(frozen=True)
class AuditRecord:
    """One entry as readers see it."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    data: Any
    prev_hash: str
    hash: str
