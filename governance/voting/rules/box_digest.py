"""The digest of a closed secret ballot box, written into the chain when the vote closes. Pure.

The box holds choices and trackers in separate tables, in random order, with nothing that
links the two. Its digest is SHA-256 over the canonical JSON
`{"choices": [sorted choices], "trackers": [sorted trackers]}` (keys sorted, no spaces), so
it depends only on what the box holds, never on the order the database returns rows in.
Verification recomputes it from the box: a flipped, added or removed ballot or tracker
changes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable


def box_digest(choices: Iterable[str], trackers: Iterable[str]) -> str:
    """SHA-256 hex of the sorted box (see the module's docstring for the exact bytes)."""
    body = {"choices": sorted(choices), "trackers": sorted(trackers)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
