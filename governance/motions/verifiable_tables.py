"""What a verifiable motion (method `verifiable`, issue 15) is bound to, from its moving on.

`VerifiableMotion` is created by raw DDL in the motions migrations (like the secret box,
outside Piccolo's auto migrations; `governance.piccolo_conf.EXTRA_TABLES` binds it). One row
per verifiable motion: the key ceremony whose joint key encrypts its ballots, the election id
E every ballot proof and partial decryption hashes (docs/VERIFY.md 4.2), and, from the close,
the encrypted tally (JSON, one `{label, alpha, beta}` per choice). Nothing here is secret.
"""

from piccolo.columns import Integer, Text, Varchar
from piccolo.table import Table


class VerifiableMotion(Table, tablename="verifiable_motion"):
    """A verifiable motion's ceremony, election id and (after the close) encrypted tally."""

    motion = Varchar(length=32, primary_key=True)
    ceremony = Varchar(length=32)
    election = Varchar(length=200)
    tally = Text(null=True, default=None)
    #: 1 when the meeting adjourned without quorum while the vote was open: the vote fails
    #: whatever the decrypted counts (as `close_motion(no_quorum=True)` does for the others).
    no_quorum = Integer(default=0)


VERIFIABLE_MOTION_TABLES: list[type[Table]] = [VerifiableMotion]


def election_id(org_slug: str, motion_id: str) -> str:
    """The election id E of a motion: its organisation and its id, printable ASCII."""
    return f"{org_slug}/motions/{motion_id}"
