"""Who voted and how, for open votes; who voted, for secret ones.

The secret ballot box is not here: see `governance.voting.box`, whose tables are created by
raw DDL (SQLite `WITHOUT ROWID`) rather than by Piccolo's auto migrations.
"""

from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.table import Table

from governance.ids import new_id
from governance.members.tables import Membership
from governance.motions.tables import Motion


class Vote(Table):
    """A roll-call vote: the member and their choice, shown after the close.

    Unique (motion, membership): the database allows one vote per member.
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    motion = ForeignKey(Motion, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    choice = Varchar(length=10)
    cast_at = Timestamptz()


class BallotRoll(Table):
    """The roll of a secret vote: who has voted, and nothing about how.

    Unique (motion, membership), inserted in the same transaction as the ballot, so the
    database itself allows one ballot per member. No timestamp: the audit log already says
    when someone voted, and the roll must not help order the box.
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    motion = ForeignKey(Motion, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
