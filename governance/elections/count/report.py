"""The count's report: every stage, every figure, every decision and why.

A plain tree of frozen dataclasses, with `to_json()`. Votes are exact decimal strings of five
places ("1234.50000"), never floats. Candidates are named, not numbered.

The report names the candidates of a reserved group where it says why one was guarded or
doomed: whoever publishes a report must know the group is public (candidates standing for
reserved seats), or leave those reasons out.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class TieBreak:
    """Candidates level where the count had to choose, and how it chose."""

    stage: int
    question: str  # "exclusion", "surplus order", "election order", "approval order"
    among: tuple[str, ...]
    decided_by: str  # "the votes at stage N (rule 51(2)(a))" or "lot: seed ..., draw N"
    chosen: str


@dataclass(frozen=True)
class TransferValue:
    """Papers that arrived at one value leave a surplus at another (rule 48(3))."""

    value_received: str
    transfer_value: str
    papers: int


@dataclass(frozen=True)
class Stage:
    """One stage of the count: what was done, the figures after it, and who was decided."""

    number: int
    action: str  # "first preferences", "surplus", "exclusion", "doomed exclusion"
    candidates: tuple[str, ...]  # whose surplus, who was excluded
    reason: str
    transfer_values: tuple[TransferValue, ...] = ()
    transfers: dict[str, str] = field(default_factory=dict)  # gained by each candidate
    non_transferable: str = "0.00000"  # this stage's non-transferable votes
    lost_to_truncation: str = "0.00000"  # rule 48(3): remainders ignored, this stage
    votes: dict[str, str] = field(default_factory=dict)  # every candidate, after the stage
    non_transferable_total: str = "0.00000"
    elected: tuple[str, ...] = ()
    doomed: tuple[str, ...] = ()
    guarded: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReservationReport:
    """The reserved minimum, whether enough stood, and whether it was met."""

    group: tuple[str, ...]
    reserved: int
    standing: int
    elected_from_group: int
    met: bool
    note: str


@dataclass(frozen=True)
class CountReport:
    """A whole count."""

    method: str  # "scottish-stv" or "approval"
    rules: str
    title: str
    seats: int
    candidates: tuple[str, ...]
    withdrawn: tuple[str, ...]
    valid_votes: str
    quota: str | None
    seed: str
    elected: tuple[str, ...]  # in order of election
    stages: tuple[Stage, ...] = ()
    approvals: dict[str, int] = field(default_factory=dict)
    ties: tuple[TieBreak, ...] = ()
    reservation: ReservationReport | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The report as plain JSON-ready values."""
        return asdict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
