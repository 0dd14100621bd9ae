"""The secret ballot box: what was voted, with nothing that says by whom or when.

Two tables, both created by raw DDL in the voting migrations (on SQLite `WITHOUT ROWID`, so
there is no hidden insertion-ordered rowid; rows are stored in the order of their random
primary key):

* `ballot` holds choices: a random id, the motion, the choice.
* `ballot_tracker` holds trackers (SHA-256 of each voter's receipt): a random id, the motion,
  the tracker.

Choices and trackers are kept apart so that even a receipt holder who can read the database
cannot find their own choice by it (which would let a voter prove their vote to someone
else). Neither table has a timestamp, a sequence, or a foreign key to the roll or a member.
Both are rewritten in random order when the vote closes.

These classes are deliberately outside `voting/tables.py`, so Piccolo's auto migrations never
try to create them; `governance.db.all_tables` binds them to the engine.
"""

from piccolo.columns import Varchar
from piccolo.table import Table


class Ballot(Table, tablename="ballot"):
    """One secret ballot's choice."""

    id = Varchar(length=32, primary_key=True)
    motion = Varchar(length=32)
    choice = Varchar(length=10)


class BallotTracker(Table, tablename="ballot_tracker"):
    """One secret ballot's tracker (the SHA-256 hex of the receipt the voter was shown)."""

    id = Varchar(length=32, primary_key=True)
    motion = Varchar(length=32)
    tracker = Varchar(length=64)


BOX_TABLES: list[type[Table]] = [Ballot, BallotTracker]
