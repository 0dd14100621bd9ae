"""The audit chains' service: appending (`append.py`) and reading and verifying (`reads.py`).

Callers keep writing `audit.service.append(...)`; the names live in the two modules and are
re-exported here.
"""

from governance.audit.append import (
    Write,
    append,
    append_in_thread,
    change_and_append,
    change_and_append_pg,
    known_action,
    seal,
)
from governance.audit.reads import (
    PAGE_SIZE,
    chains,
    entries_after,
    head,
    opened_field,
    openings,
    seq_of,
    verify,
)
from governance.audit.record import PLATFORM_CHAIN, AuditRecord
from governance.audit.rules import VerifyResult

__all__ = [
    "PAGE_SIZE",
    "PLATFORM_CHAIN",
    "AuditRecord",
    "VerifyResult",
    "Write",
    "append",
    "append_in_thread",
    "chains",
    "change_and_append",
    "change_and_append_pg",
    "entries_after",
    "head",
    "known_action",
    "opened_field",
    "openings",
    "seal",
    "seq_of",
    "verify",
]
