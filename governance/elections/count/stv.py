"""Scottish STV, exactly as the Scottish Local Government Elections Order 2007 counts it.

SSI 2007/42, Schedule 1 ("Scottish Local Government Elections Rules"), rules 45 to 52:

* 45: the first stage credits each candidate with one vote per first preference;
* 46: the quota is the number of valid ballot papers divided by one more than the seats,
  ignoring decimals, plus one;
* 47: a candidate whose votes equal or exceed the quota at any stage is elected;
* 48: a surplus is transferred by moving *all* the papers the elected candidate holds to
  their next available preference, each at the transfer value (surplus x the value the
  paper had when received) / (the candidate's total votes), "the calculation being made to
  five decimal places (any remainder being ignored)"; papers with no next preference for a
  continuing candidate are non-transferable; the candidate keeps the quota;
* 49: when more than one candidate has a surplus, the highest is transferred first (one
  surplus per stage, looked at again after every stage); equal surpluses by the most recent
  stage at which those candidates differed, then by lot;
* 50: when no surplus is left to transfer, the candidate with the fewest votes is excluded
  and all their papers go on, in one stage, each at the value it had when received;
* 51: equal lowest candidates by the most recent stage at which they differed, then by lot;
* 52: when the continuing candidates are as many as the vacancies left, they are elected
  and no further transfer is made.

Every figure is a whole number of units of 1/100000 of a vote (`numbers.py`); lots are drawn
from the seed the count is given (`draw.py`). A reserved minimum for a group adds Hill's
guarded and doomed candidates (`constraints.py`); without one the count is the Order's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from governance.elections.count.constraints import NO_MINIMUM, Minimum
from governance.elections.count.draw import Lots
from governance.elections.count.election import Election
from governance.elections.count.numbers import UNIT, fmt, truncated_ratio
from governance.elections.count.report import (
    CountReport,
    ReservationReport,
    Stage,
    TieBreak,
    TransferValue,
)
from governance.elections.count.ties import break_tie

RULES = "Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45-52"


@dataclass
class _Parcel:
    """Papers with one ranking, held by `ranking[at]`, each worth `value` units."""

    ranking: tuple[int, ...]
    at: int
    papers: int
    value: int


@dataclass
class _Moved:
    gains: dict[int, int]
    non_transferable: int
    values: list[TransferValue]


class _Count:
    def __init__(self, election: Election, seed: str) -> None:
        self.election = election
        self.names = election.candidates
        self.seats = election.seats
        self.lots = Lots(seed)
        self.standing = election.standing
        self.continuing: set[int] = set(self.standing)
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.doomed: set[int] = set()
        self.held: dict[int, list[_Parcel]] = {c: [] for c in self.standing}
        self.votes = [0] * len(self.names)
        self.history: list[list[int]] = []
        self.nt_total = 0
        self.stages: list[Stage] = []
        self.ties: list[TieBreak] = []
        reservation = election.reservation
        self.minimum = (
            Minimum.of(reservation.group, reservation.reserved, self.standing)
            if reservation
            else NO_MINIMUM
        )
        self.valid = 0
        self.ignored = 0
        self.quota = 0

    # -- the stages -------------------------------------------------------------------
    def first_stage(self) -> None:
        """Rules 45 and 46: first preferences, the valid papers, the quota."""
        for ballot in self.election.ballots:
            ranking = tuple(c for c in ballot.ranking if c not in self.election.withdrawn)
            if not ranking:
                self.ignored += ballot.weight
                continue
            self.valid += ballot.weight
            self.held[ranking[0]].append(_Parcel(ranking, 0, ballot.weight, UNIT))
            self.votes[ranking[0] - 1] += ballot.weight * UNIT
        self.quota = (self.valid // (self.seats + 1) + 1) * UNIT
        gains = {c: self.votes[c - 1] for c in self.standing}
        self.finish_stage("first preferences", (), "rule 45: first preferences", gains, 0, [])

    def transfer_surplus(self) -> None:
        """Rules 48 and 49: the highest surplus, all the candidate's papers, truncated."""
        top = max(self.votes[c - 1] for c in self.pending)
        level = [c for c in self.pending if self.votes[c - 1] == top]
        stage = len(self.stages) + 1
        chosen, tie = break_tie(level, self.history, lowest=False, lots=self.lots,
                                names=self.names, stage=stage, question="surplus order",
                                rule="rule 49(2) and (3)")  # fmt: skip
        self._tie(tie)
        self.pending.remove(chosen)
        total = self.votes[chosen - 1]
        surplus = total - self.quota
        values: dict[int, int] = {}
        counted: dict[int, int] = {}

        def value_of(received: int, papers: int) -> int:
            if received not in values:
                values[received] = truncated_ratio(surplus * received, total)
            counted[received] = counted.get(received, 0) + papers
            return values[received]

        moved = self._move(self.held.pop(chosen), value_of)
        moved.values = [
            TransferValue(fmt(v), fmt(values[v]), counted[v]) for v in sorted(values, reverse=True)
        ]
        self.votes[chosen - 1] = self.quota
        lost = surplus - sum(moved.gains.values()) - moved.non_transferable
        reason = f"rule 48: surplus of {fmt(surplus)} of {self.names[chosen - 1]}"
        if self.pending:  # others wait
            reason += " (rule 49(1): the highest surplus first)"
        self.finish_stage("surplus", (chosen,), reason, moved.gains, moved.non_transferable,
                          moved.values, lost=lost)  # fmt: skip

    def exclude_lowest(self) -> None:
        """Rules 50 and 51: the fewest votes among those not guarded."""
        guarded = self.minimum.guarded(self.continuing, self.elected)
        open_ = [c for c in self.continuing if c not in guarded]
        low = min(self.votes[c - 1] for c in open_)
        level = sorted(c for c in open_ if self.votes[c - 1] == low)
        stage = len(self.stages) + 1
        chosen, tie = break_tie(level, self.history, lowest=True, lots=self.lots,
                                names=self.names, stage=stage, question="exclusion",
                                rule="rule 51(2)")  # fmt: skip
        self._tie(tie)
        reason = f"rule 50(1): {self.names[chosen - 1]} has the fewest votes"
        below = sorted(c for c in guarded if self.votes[c - 1] < low)
        if guarded:
            reason += " of those not guarded"
        notes = ()
        if below:
            who = ", ".join(self.names[c - 1] for c in below)
            notes = (
                f"{who} had fewer votes but guarded (Hill): the reserved seats still need "
                f"every group candidate left.",
            )
        self._exclude([chosen], "exclusion", reason, notes)

    def exclude_doomed(self) -> None:
        """Hill: doomed candidates are excluded at once, all in one stage."""
        doomed = sorted(self.doomed)
        self.doomed = set()
        who = ", ".join(self.names[c - 1] for c in doomed)
        reason = (
            f"doomed (Hill): {who} cannot be elected, because every vacancy left is needed "
            f"for the reserved seats"
        )
        self._exclude(doomed, "doomed exclusion", reason, ())

    def _exclude(self, who: list[int], action: str, reason: str, notes: tuple[str, ...]) -> None:
        parcels: list[_Parcel] = []
        for c in who:
            self.continuing.discard(c)
            self.excluded.append(c)
            parcels += self.held.pop(c)
            self.votes[c - 1] = 0
        moved = self._move(parcels, lambda received, papers: received)  # rule 50(4)
        self.finish_stage(action, tuple(who), reason, moved.gains, moved.non_transferable, [],
                          notes=notes)  # fmt: skip

    def _move(self, parcels: Iterable[_Parcel], value_of: Callable[[int, int], int]) -> _Moved:
        """Each parcel to its next available preference (rules 48(2), 50(3))."""
        gains: dict[int, int] = {}
        nt = 0
        for p in parcels:
            value = value_of(p.value, p.papers)
            at = p.at + 1
            while at < len(p.ranking) and p.ranking[at] not in self.continuing:
                at += 1
            if at == len(p.ranking):
                nt += p.papers * value
                continue
            to = p.ranking[at]
            self.held[to].append(_Parcel(p.ranking, at, p.papers, value))
            self.votes[to - 1] += p.papers * value
            gains[to] = gains.get(to, 0) + p.papers * value
        return _Moved(gains, nt, [])

    # -- the end of every stage ------------------------------------------------------------
    def finish_stage(
        self,
        action: str,
        subjects: tuple[int, ...],
        reason: str,
        gains: dict[int, int],
        nt: int,
        values: list[TransferValue],
        *,
        lost: int = 0,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.nt_total += nt
        self.history.append(list(self.votes))
        number = len(self.history)
        elected, doomed = self.elect_quota_holders(number)
        guarded = self.minimum.guarded(self.continuing, self.elected)
        n = self.names
        self.stages.append(
            Stage(
                number=number,
                action=action,
                candidates=tuple(n[c - 1] for c in subjects),
                reason=reason,
                transfer_values=tuple(values),
                transfers={n[c - 1]: fmt(v) for c, v in sorted(gains.items())},
                non_transferable=fmt(nt),
                lost_to_truncation=fmt(lost),
                votes={n[c - 1]: fmt(self.votes[c - 1]) for c in self.standing},
                non_transferable_total=fmt(self.nt_total),
                elected=tuple(n[c - 1] for c in elected),
                doomed=tuple(n[c - 1] for c in sorted(doomed)),
                guarded=tuple(n[c - 1] for c in sorted(guarded)),
                notes=notes,
            )
        )

    def elect_quota_holders(self, stage: int) -> tuple[list[int], set[int]]:
        """Rule 47, in order of votes; Hill: one who would break the minimum is doomed."""
        reached = [c for c in self.continuing if self.votes[c - 1] >= self.quota]
        elected: list[int] = []
        newly_doomed: set[int] = set()
        for c in self._by_votes(reached, stage, "election order"):
            if c in self.doomed:
                continue
            vacancies = self.seats - len(self.elected)
            if vacancies == 0:
                break
            if not self.minimum.may_elect(c, self.elected, vacancies):
                newly_doomed.add(c)
                continue
            self.continuing.discard(c)
            self.elected.append(c)
            elected.append(c)
            if self.votes[c - 1] > self.quota:
                self.pending.append(c)
        vacancies = self.seats - len(self.elected)
        newly_doomed |= self.minimum.doomed(self.continuing, self.elected, vacancies)
        newly_doomed -= self.doomed
        self.doomed |= newly_doomed
        return elected, newly_doomed

    def _by_votes(self, candidates: list[int], stage: int, question: str) -> list[int]:
        """Most votes first; level candidates by rule 49(2)'s look back, then lot."""
        out: list[int] = []
        for value in sorted({self.votes[c - 1] for c in candidates}, reverse=True):
            level = sorted(c for c in candidates if self.votes[c - 1] == value)
            while level:
                chosen, tie = break_tie(level, self.history, lowest=False, lots=self.lots,
                                        names=self.names, stage=stage, question=question,
                                        rule="rule 49(2) and (3)")  # fmt: skip
                self._tie(tie)
                out.append(chosen)
                level.remove(chosen)
        return out

    def _tie(self, tie: TieBreak | None) -> None:
        if tie is not None:
            self.ties.append(tie)

    # -- the whole count --------------------------------------------------------------------
    def run(self) -> list[str]:
        notes: list[str] = []
        self.first_stage()
        while True:
            vacancies = self.seats - len(self.elected)
            if vacancies == 0:
                break
            live = [c for c in self.continuing if c not in self.doomed]
            if len(live) <= vacancies:
                self.fill_last_vacancies(live, notes)
                break
            if self.doomed:
                self.exclude_doomed()
            elif self.pending:
                self.transfer_surplus()
            else:
                self.exclude_lowest()
        return notes

    def fill_last_vacancies(self, live: list[int], notes: list[str]) -> None:
        """Rule 52: as many continuing candidates as vacancies are elected, no transfer."""
        stage = len(self.stages)
        chosen = self._by_votes(live, stage, "election order")
        self.elected += chosen
        self.continuing -= set(chosen)
        for c in sorted(self.doomed):
            self.continuing.discard(c)
            self.excluded.append(c)
        self.doomed = set()
        if chosen:
            last = self.stages[-1]
            n = self.names
            self.stages[-1] = dataclasses.replace(
                last,
                elected=last.elected + tuple(n[c - 1] for c in chosen),
                notes=(*last.notes, "rule 52: the continuing candidates "
                       f"({', '.join(n[c - 1] for c in chosen)}) are as many as the "
                       "vacancies left, so they are elected with no further transfer"),
            )  # fmt: skip
        short = self.seats - len(self.elected)
        if short:
            notes.append(f"{short} seat(s) left unfilled: fewer candidates stood than seats.")


def count_stv(election: Election, *, seed: str) -> CountReport:
    """Count `election` by Scottish STV (with its reservation, if any); lots from `seed`."""
    count = _Count(election, seed)
    notes = count.run()
    n = election.candidates
    if count.ignored:
        notes.insert(0, f"{count.ignored} ballot(s) ranked only withdrawn candidates and are "
                        "not valid votes.")  # fmt: skip
    return CountReport(
        method="scottish-stv",
        rules=RULES,
        title=election.title,
        seats=election.seats,
        candidates=tuple(n[c - 1] for c in election.standing),
        withdrawn=tuple(n[c - 1] for c in sorted(election.withdrawn)),
        valid_votes=fmt(count.valid * UNIT),
        quota=fmt(count.quota),
        seed=seed,
        elected=tuple(n[c - 1] for c in count.elected),
        stages=tuple(count.stages),
        ties=tuple(count.ties),
        reservation=reservation_report(election, count.minimum, count.elected),
        notes=tuple(notes),
    )


def reservation_report(
    election: Election, minimum: Minimum, elected: list[int]
) -> ReservationReport | None:
    """Whether the reserved minimum was met, and why not when it was not."""
    if election.reservation is None:
        return None
    reserved = election.reservation.reserved
    standing = len(minimum.group)
    from_group = sum(1 for c in elected if c in minimum.group)
    met = from_group >= reserved
    if met:
        note = f"{from_group} of the group elected; at least {reserved} were reserved."
    elif standing < reserved:
        note = (
            f"The reservation could not be met: {reserved} seats are reserved but only "
            f"{standing} of the group stood, and all of them are elected."
        )
    else:  # cannot happen: guarded candidates are never excluded
        note = f"Only {from_group} of the group elected; {reserved} were reserved."
    group = tuple(election.candidates[c - 1] for c in sorted(minimum.group))
    return ReservationReport(group, reserved, standing, from_group, met, note)
