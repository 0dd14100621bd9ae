"""Is today's log an extension of a checkpoint someone kept? Pure.

A checkpoint (already signature-checked) says the log had `size` entries whose Merkle root
(see `merkle`) was `root`. The log today, given by its entries' hex hashes in sequence
order, extends it when it has at least that many entries and its first `size` entries give
that same root. Anything else is named:

- `wiped`: the checkpoint saw entries and the log has none;
- `truncated`: the log is shorter than the checkpoint (entries removed from the end, or the
  log rewound to an earlier state);
- `rewritten`: long enough, but its first `size` entries are not the ones signed.

`governance audit verify --checkpoint FILE` exits 1 on any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from governance.audit.merkle import entries_root

Failure = Literal["wiped", "truncated", "rewritten"]
WIPED: Failure = "wiped"
TRUNCATED: Failure = "truncated"
REWRITTEN: Failure = "rewritten"


@dataclass(frozen=True)
class ExtensionResult:
    """`ok` with `failure` None when the log extends the checkpoint; else which way it fails.

    `message` is a sentence for a person; `failure` is the stable name for scripts.
    """

    ok: bool
    failure: Failure | None
    checkpoint_size: int
    log_size: int
    message: str


def check_extension(
    checkpoint_size: int, checkpoint_root: bytes, entry_hashes: Sequence[str]
) -> ExtensionResult:
    """Decide whether the log `entry_hashes` extends the checkpoint (`checkpoint_size`,
    `checkpoint_root`)."""
    m, n = checkpoint_size, len(entry_hashes)

    def result(failure: Failure | None, message: str) -> ExtensionResult:
        return ExtensionResult(failure is None, failure, m, n, message)

    if m < 0:
        raise ValueError("a checkpoint's tree size is not negative")
    if n == 0 and m > 0:
        return result(
            WIPED, f"The log is empty, but the checkpoint recorded {m} entries: it was wiped."
        )
    if n < m:
        return result(
            TRUNCATED,
            f"The log has {n} entries, fewer than the {m} the checkpoint recorded: "
            "it was truncated or rewound.",
        )
    try:
        root = entries_root(islice(entry_hashes, m))
    except ValueError:  # an entry hash that is not 64 hex digits cannot be the signed one
        root = b""
    if root != checkpoint_root:
        return result(
            REWRITTEN,
            f"The first {m} entries of the log are not the ones the checkpoint recorded: "
            "the log was rewritten.",
        )
    return result(None, f"The log ({n} entries) extends the checkpoint ({m} entries) unchanged.")
