"""A reserved minimum for a group: Hill's guarded and doomed candidates.

I D Hill, "STV with constraints", Voting matters issue 9 (May 1998), pp 2-4; J Otten, "STV
with multiple constraints", Voting matters issue 13 (April 2001): a count keeps a constraint
by marking as *doomed* the candidates who cannot be elected if a conformant result is to be
obtained (they are excluded at once, so their papers go to next preferences) and as
*guarded* those who must be elected (never chosen for exclusion; they wait for a quota or
for the last vacancies). With one constraint, "at least K of the group":

* still needed = K - group candidates elected (never below 0);
* the continuing group candidates are all guarded when their number equals still needed;
* the continuing candidates outside the group are all doomed when the vacancies left equal
  still needed, and one outside the group who reaches the quota is doomed, not elected,
  when electing them would leave fewer vacancies than are still needed.

When fewer of the group stand than are reserved, K is their number: all of them are guarded
from the start, all of them are elected, and the report says the reservation was not met.
With no reservation nothing is ever guarded or doomed, and the count is plain STV.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Minimum:
    """At least `required` of `group` (standing candidates) must be elected."""

    group: frozenset[int]
    required: int
    reserved: int  # as asked; `required` is lower when fewer stand

    @classmethod
    def of(cls, group: Collection[int], reserved: int, standing: Collection[int]) -> Minimum:
        """The minimum for `group`, counting only those of it who stand."""
        standing_group = frozenset(c for c in group if c in standing)
        return cls(standing_group, min(reserved, len(standing_group)), reserved)

    def still_needed(self, elected: Collection[int]) -> int:
        """How many more of the group must be elected."""
        return max(0, self.required - sum(1 for c in elected if c in self.group))

    def guarded(self, continuing: Collection[int], elected: Collection[int]) -> set[int]:
        """Group candidates who may not be excluded: every one left is needed."""
        needed = self.still_needed(elected)
        mine = {c for c in continuing if c in self.group}
        return mine if needed and len(mine) <= needed else set()

    def may_elect(self, candidate: int, elected: Collection[int], vacancies: int) -> bool:
        """Whether electing `candidate` now still leaves room for those still needed."""
        return candidate in self.group or vacancies - 1 >= self.still_needed(elected)

    def doomed(
        self, continuing: Collection[int], elected: Collection[int], vacancies: int
    ) -> set[int]:
        """Candidates outside the group who can no longer be elected."""
        needed = self.still_needed(elected)
        if needed and vacancies <= needed:
            return {c for c in continuing if c not in self.group}
        return set()


NO_MINIMUM = Minimum(frozenset(), 0, 0)
