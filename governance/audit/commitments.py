"""Salted commitments: how a private value enters the audit chain without being readable.

A committed field holds `commit:` + SHA-256 hex of `salt + canonical JSON of the value`
(UTF-8), where `salt` is 64 hex digits (256 random bits) drawn for that one value. The chain
hashes the commitment, never the value, so the entry verifies for anyone while the value
stays hidden: guessing it means guessing the salt too. The salt and the value are stored apart
(`audit_opening`, read only for org admins, or published when a roll-call vote closes), and
whoever holds both can check the commitment.

Two uses: an attestation entry's actor, subject and time (opened to org admins alone), and a
roll-call `vote.cast` entry's choice (opened to everyone by the close entry, whose `openings`
the verifier checks against every commitment of that vote; `RollCallOpenings`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from typing import Any

PREFIX = "commit:"
SALT_HEX_DIGITS = 64
# The actions the verifier follows: a roll-call cast commits to its choice, the close opens.
VOTE_CAST = "vote.cast"
CLOSES = frozenset({"motion.carried", "motion.failed"})
WATCHED = frozenset({VOTE_CAST, *CLOSES})


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def new_salt() -> str:
    """A fresh 256-bit salt, in hex."""
    return secrets.token_hex(SALT_HEX_DIGITS // 2)


def commitment(salt: str, value: Any) -> str:
    """The commitment to `value` under `salt`."""
    return PREFIX + hashlib.sha256((salt + _canonical(value)).encode()).hexdigest()


def is_commitment(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def opens(committed: str, salt: Any, value: Any) -> bool:
    """Whether (`salt`, `value`) is an opening of `committed`."""
    if not isinstance(salt, str) or len(salt) != SALT_HEX_DIGITS:
        return False
    return commitment(salt, value) == committed


class RollCallOpenings:
    """Follows a chain's roll-call commitments while it is verified.

    Each `vote.cast` whose `choice` is a commitment waits for its motion's close entry; that
    entry must carry `openings: [{seq, member_id, choice, salt}]` opening every one of them
    exactly once, and the opened choices must add up to the entry's `tally`. Casts recorded
    before choices were committed (a plain `choice`) are not followed.
    """

    def __init__(self) -> None:
        self.pending: dict[str, dict[int, tuple[Any, str]]] = {}
        self.plain: set[str] = set()  # motions with casts from before commitments

    def see(self, seq: int, action: str, subject: str, data_json: str) -> str | None:
        """Take in one entry of a watched action; the problem, if it breaks the rule."""
        if action == VOTE_CAST:
            data = json.loads(data_json)
            if is_commitment(data.get("choice")):
                self.pending.setdefault(subject, {})[seq] = (data.get("member_id"), data["choice"])
            else:
                self.plain.add(subject)
            return None
        waiting = self.pending.pop(subject, None)
        if not waiting:
            return None
        data = json.loads(data_json)
        tally = None if subject in self.plain else data.get("tally")
        return _check_openings(waiting, data.get("openings"), tally)


def _check_openings(waiting: dict[int, tuple[Any, str]], openings: Any, tally: Any) -> str | None:
    if not isinstance(openings, list):
        return "the close of a roll-call vote does not open its choices"
    opened: set[int] = set()
    counted: Counter[str] = Counter()
    for opening in openings:
        seq = opening.get("seq") if isinstance(opening, dict) else None
        if seq not in waiting or seq in opened:
            return "a roll-call opening names no cast of this vote"
        member_id, committed = waiting[seq]
        if opening.get("member_id") != member_id or not opens(
            committed, opening.get("salt"), opening.get("choice")
        ):
            return f"the roll-call choice cast at entry {seq} does not open to what was published"
        opened.add(seq)
        counted[str(opening.get("choice"))] += 1
    if opened != set(waiting):
        return "a roll-call cast is left unopened at the close"
    if isinstance(tally, dict) and any(
        tally.get(choice) != counted[choice] for choice in ("yes", "no", "abstain")
    ):
        return "the published tally does not match the opened roll-call choices"
    return None
