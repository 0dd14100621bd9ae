"""An election's secret ballot box: what was voted, with nothing that says by whom or when.

As the motions' box (`governance.voting.box`): two tables created by raw DDL in the elections
migrations (on SQLite `WITHOUT ROWID`), ballots and trackers apart, no timestamp, no sequence,
no key to the roll or a member; both rewritten in random order with new ids at the count.

A ballot's `marks` is the ranking (STV) or the approved set (approval) as candidate ids
joined by spaces, in preference order for a ranking and sorted for an approval.
"""

from piccolo.columns import Text, Varchar
from piccolo.table import Table


class ElectionBallot(Table, tablename="election_ballot"):
    """One secret ballot of an election."""

    id = Varchar(length=32, primary_key=True)
    election = Varchar(length=32)
    marks = Text()


class ElectionTracker(Table, tablename="election_tracker"):
    """One election ballot's tracker (the SHA-256 hex of the voter's receipt)."""

    id = Varchar(length=32, primary_key=True)
    election = Varchar(length=32)
    tracker = Varchar(length=64)


ELECTION_BOX_TABLES: list[type[Table]] = [ElectionBallot, ElectionTracker]
