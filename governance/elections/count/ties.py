"""Breaking ties: by the most recent stage at which the tied candidates differed, then by lot.

SSI 2007/42, Schedule 1:

* rule 49(2): equal surpluses: "the transferable papers of the candidate who had the highest
  number of votes at the end of the most recent preceding stage at which they had unequal
  numbers of votes shall be transferred first"; 49(3): equal at all stages, by lot;
* rule 51(2): equal lowest candidates: "regard shall be had to the total number of votes
  credited to those candidates at the end of the most recently preceding stage of the count
  at which they had an unequal number of votes and the candidate with the lowest number of
  votes at that stage shall be excluded"; (b): equal at all stages, by lot.

With three or more tied, a preceding stage at which they were not all equal keeps only those
with the highest (or lowest) votes there, and the look back goes on among them; this is how
the Order's words read when more than two are level, and what droop and OpenSTV do.
"""

from __future__ import annotations

from collections.abc import Sequence

from governance.elections.count.draw import Lots
from governance.elections.count.report import TieBreak


def break_tie(
    tied: Sequence[int],
    history: Sequence[Sequence[int]],
    *,
    lowest: bool,
    lots: Lots,
    names: Sequence[str],
    stage: int,
    question: str,
    rule: str,
) -> tuple[int, TieBreak | None]:
    """Choose one of `tied` (candidate numbers), and how, as the Order says.

    `history[k]` holds every candidate's votes (index = number - 1) at the end of stage
    k + 1; the tie is in the last entry, so the look back starts at the one before it.
    `lowest` chooses the fewest votes (exclusion), otherwise the most (surplus order).
    """
    if len(tied) == 1:
        return tied[0], None
    remaining = list(tied)
    for k in range(len(history) - 2, -1, -1):
        values = [history[k][c - 1] for c in remaining]
        pick = min(values) if lowest else max(values)
        if any(v != pick for v in values):
            remaining = [c for c, v in zip(remaining, values, strict=True) if v == pick]
            if len(remaining) == 1:
                how = f"the votes at the end of stage {k + 1} ({rule})"
                return remaining[0], _record(stage, question, tied, names, how, remaining[0])
    number, order = lots.order([names[c - 1] for c in remaining])
    chosen = next(c for c in remaining if names[c - 1] == order[0])
    how = f"lot (seed {lots.seed!r}, draw {number}), level at every earlier stage ({rule})"
    return chosen, _record(stage, question, tied, names, how, chosen)


def _record(
    stage: int, question: str, tied: Sequence[int], names: Sequence[str], how: str, chosen: int
) -> TieBreak:
    return TieBreak(stage, question, tuple(names[c - 1] for c in tied), how, names[chosen - 1])
