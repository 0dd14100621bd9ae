"""Elections on a body, their candidates and their roll.

The ballot box is not here: see `governance.elections.box`, created by raw DDL (SQLite
`WITHOUT ROWID`) as the motions' box is, so Piccolo's auto migrations never touch it.

An election's stored `status` is `scheduled` until it is counted (`counted`), then
`certified`; whether a scheduled election is taking nominations, open for ballots or waiting
for its count follows from the clock (`elections/rules/lifecycle.py`), so no timer has to
move it on time.
"""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from governance.ids import new_id
from governance.members.tables import Body, Membership, Organisation


class Election(Table):
    """An election of `seats` seats on a body for a term."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    body = ForeignKey(Body, null=False, index=True)
    title = Varchar(length=200)
    seats = Integer()
    method = Varchar(length=10)  # "stv" or "approval"
    electorate = Varchar(length=10)  # "members" or "body"
    nominations_close = Timestamptz()
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    term_starts_on = Date()
    term_ends_on = Date(null=True, default=None)
    # The reservation as it stood when the election was called; the count recomputes it
    # from the body as it stands at the close (`result.reserved`).
    reserved = Integer(default=0)
    status = Varchar(length=12, default="scheduled")  # scheduled, counted, certified
    ballots = Integer(null=True, default=None)  # ballots counted
    box_digest = Varchar(length=64, null=True, default=None)
    result = Text(null=True, default=None)  # JSON: the count report and what it elected
    counted_at = Timestamptz(null=True, default=None)
    certified_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class Candidate(Table):
    """A member standing in an election, with their statement.

    `lived_experience_candidate` is the member's own public choice to stand for a seat the
    quota reserves; only a member whose attestation says so may make it.
    Unique (election, membership).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    election = ForeignKey(Election, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    statement = Text(default="")
    lived_experience_candidate = Boolean(default=False)
    withdrawn_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class ElectionRoll(Table):
    """Who has cast a ballot in an election, and nothing about how.

    Unique (election, membership), inserted in the same transaction as the ballot. No
    timestamp. `receipt_check` recognises the same member's receipt sent again
    (`voting/rules/receipts.roll_check`).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    election = ForeignKey(Election, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    receipt_check = Varchar(length=64, null=True, default=None)
