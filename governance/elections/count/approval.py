"""Approval voting with the same reserved minimum: the most-approved, and enough of the group.

Each ballot approves the candidates it lists (the order means nothing). Candidates are
ranked by approvals, most first, level ones by the seeded draw (`draw.py`). The elected are
the `seats` highest, except that when fewer than the reserved minimum of the group are among
them, the highest-ranked of the group replace the lowest-ranked outside it until the minimum
is met (or every group candidate standing is elected): of all the sets of winners that keep
the minimum, that one has the most approvals.
"""

from __future__ import annotations

from governance.elections.count.constraints import Minimum
from governance.elections.count.draw import Lots
from governance.elections.count.election import Election
from governance.elections.count.numbers import UNIT, fmt
from governance.elections.count.report import CountReport, TieBreak
from governance.elections.count.stv import reservation_report

RULES = "approval: most approvals elected, subject to the reserved minimum"


def count_approval(election: Election, *, seed: str) -> CountReport:
    """Count `election`'s ballots as approvals; lots from `seed`."""
    approvals = dict.fromkeys(election.standing, 0)
    valid = 0
    for ballot in election.ballots:
        marked = {c for c in ballot.ranking if c in approvals}
        if marked:
            valid += ballot.weight
        for c in marked:
            approvals[c] += ballot.weight
    return rank_approvals(election, approvals, valid=valid, seed=seed)


def rank_approvals(
    election: Election, approvals: dict[int, int], *, valid: int, seed: str
) -> CountReport:
    """Elect from each standing candidate's number of approvals (candidate number -> count);
    `valid` is the number of ballots that approved anyone. A verifiable election comes here
    with its decrypted totals, all an encrypted box reveals; it cannot tell a blank ballot
    from another, so its `valid` is every ballot cast."""
    standing = election.standing
    approvals = {c: approvals.get(c, 0) for c in standing}
    lots = Lots(seed)
    names = election.candidates
    ties: list[TieBreak] = []
    order: list[int] = []
    for value in sorted(set(approvals.values()), reverse=True):
        level = sorted(c for c in standing if approvals[c] == value)
        if len(level) > 1:
            number, drawn = lots.order([names[c - 1] for c in level])
            by_name = {names[c - 1]: c for c in level}
            level = [by_name[name] for name in drawn]
            how = f"lot (seed {seed!r}, draw {number}): " + ", ".join(drawn)
            ties.append(TieBreak(1, "approval order", tuple(drawn), how, drawn[0]))
        order += level
    reservation = election.reservation
    minimum = (
        Minimum.of(reservation.group, reservation.reserved, standing)
        if reservation
        else Minimum(frozenset(), 0, 0)
    )
    chosen = order[: election.seats]
    notes: list[str] = []
    group_first = [c for c in order if c in minimum.group]
    while minimum.still_needed(chosen):
        incoming = next(c for c in group_first if c not in chosen)
        outgoing = next(c for c in reversed(chosen) if c not in minimum.group)
        chosen[chosen.index(outgoing)] = incoming
        notes.append(
            f"{names[incoming - 1]} is elected in place of {names[outgoing - 1]} to meet the "
            "reserved minimum."
        )
    chosen.sort(key=order.index)
    if len(chosen) < election.seats:
        notes.append(f"{election.seats - len(chosen)} seat(s) left unfilled: fewer candidates "
                     "stood than seats.")  # fmt: skip
    return CountReport(
        method="approval",
        rules=RULES,
        title=election.title,
        seats=election.seats,
        candidates=tuple(names[c - 1] for c in standing),
        withdrawn=tuple(names[c - 1] for c in sorted(election.withdrawn)),
        valid_votes=fmt(valid * UNIT),
        quota=None,
        seed=seed,
        elected=tuple(names[c - 1] for c in chosen),
        approvals={names[c - 1]: approvals[c] for c in order},
        ties=tuple(ties),
        reservation=reservation_report(election, minimum, chosen),
        notes=tuple(notes),
    )
