"""When an election takes nominations, ballots, its count and certification.

The stored status is `scheduled`, `decrypting` (a verifiable election), `counted` or
`certified`; the phases of a scheduled
election follow from the clock, so nothing has to move them on time:

    nominating   now < nominations_close
    waiting      nominations_close <= now < opens_at   (nominations closed, voting not open)
    open         opens_at <= now < closes_at
    closed       closes_at <= now, not yet counted (the first read or action counts it)
    decrypting   a verifiable election closed: its encrypted tally waits for t trustees
    counted      counted (the contract shows it as `closed`, with its result)
    certified    the admin seated the elected

The contract's `status` is one of `nominating`, `open`, `closed`, `certified`; `waiting` is
shown as `nominating` with `nominations_open: false`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from governance.errors import Conflict, InvalidInput

METHODS = ("stv", "approval")
ELECTORATES = ("members", "body")


class Phase(StrEnum):
    """Where an election is, given its stored status and the time."""

    nominating = "nominating"
    waiting = "waiting"
    open = "open"
    closed = "closed"
    decrypting = "decrypting"
    counted = "counted"
    certified = "certified"


@dataclass(frozen=True)
class Timetable:
    """An election's three moments."""

    nominations_close: datetime
    opens_at: datetime
    closes_at: datetime

    def check(self, now: datetime) -> None:
        """Refuse a timetable out of order or already past.

        Raises:
            InvalidInput: nominations close in the past, voting opens before nominations
                close, or closes before it opens (the field named is the one to change).
        """
        if self.nominations_close <= now:
            raise InvalidInput("Nominations must close in the future.", field="nominations_close")
        if self.opens_at < self.nominations_close:
            raise InvalidInput("Voting cannot open before nominations close.", field="opens_at")
        if self.closes_at <= self.opens_at:
            raise InvalidInput("Voting must close after it opens.", field="closes_at")


def phase(status: str, timetable: Timetable, now: datetime) -> Phase:
    """The election's phase now."""
    if status == "certified":
        return Phase.certified
    if status == "counted":
        return Phase.counted
    if status == "decrypting":
        return Phase.decrypting
    if now < timetable.nominations_close:
        return Phase.nominating
    if now < timetable.opens_at:
        return Phase.waiting
    if now < timetable.closes_at:
        return Phase.open
    return Phase.closed


def public_status(current: Phase) -> str:
    """The contract's status for a phase."""
    return {
        Phase.nominating: "nominating",
        Phase.waiting: "nominating",
        Phase.open: "open",
        Phase.closed: "closed",
        Phase.decrypting: "closed",
        Phase.counted: "closed",
        Phase.certified: "certified",
    }[current]


def require_phase(current: Phase, *allowed: Phase, doing: str) -> None:
    """Refuse `doing` ("stand", "cast a ballot", ...) outside the allowed phases.

    Raises:
        Conflict: with a sentence saying where the election is.
    """
    if current in allowed:
        return
    where = {
        Phase.nominating: "nominations are still open",
        Phase.waiting: "nominations have closed and voting has not opened yet",
        Phase.open: "voting is open",
        Phase.closed: "voting has closed",
        Phase.decrypting: "voting has closed and the trustees are decrypting the count",
        Phase.counted: "the election has been counted",
        Phase.certified: "the election has been certified",
    }[current]
    raise Conflict(f"You cannot {doing} now: {where}.")


def check_method(method: str) -> str:
    """Raises InvalidInput unless the method is `stv` or `approval`."""
    if method not in METHODS:
        raise InvalidInput("Method must be stv or approval.", field="method")
    return method


def check_verifiable(method: str, verifiable: bool) -> bool:
    """Raises InvalidInput for a verifiable STV election: a ranking cannot be counted on
    encrypted ballots (only sums can), so STV keeps the secret box (docs/VERIFY.md 1)."""
    if verifiable and method != "approval":
        raise InvalidInput(
            "Only an approval election can be verifiable: STV cannot be counted on encrypted "
            "ballots, so an STV election keeps the secret ballot box.",
            field="verifiable",
        )
    return verifiable


def check_electorate(electorate: str) -> str:
    """Raises InvalidInput unless the electorate is `members` or `body`."""
    if electorate not in ELECTORATES:
        raise InvalidInput("Electorate must be members or body.", field="electorate")
    return electorate
