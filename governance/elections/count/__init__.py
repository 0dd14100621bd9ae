"""The count: pure rules, no database, web framework, clock or file access.

* `count_stv`: Scottish STV (SSI 2007/42, Schedule 1, rules 45-52), exact to 1/100000;
* `count_approval`: the most-approved candidates (`rank_approvals` from totals alone);
* both keep a reserved minimum for a group (Hill's guarded and doomed candidates);
* `parse_blt` / `write_blt`: ballots in BLT, the file format of STV software.
"""

from governance.elections.count.approval import count_approval, rank_approvals
from governance.elections.count.blt import parse_blt, write_blt
from governance.elections.count.election import Ballot, Election, Reservation, make_election
from governance.elections.count.report import CountReport, Stage, TieBreak
from governance.elections.count.stv import count_stv

__all__ = [
    "Ballot",
    "CountReport",
    "Election",
    "Reservation",
    "Stage",
    "TieBreak",
    "count_approval",
    "count_stv",
    "make_election",
    "parse_blt",
    "rank_approvals",
    "write_blt",
]
