"""A verifiable approval election (`verifiable: true`, issue 15): its binding and its box.

Created by raw DDL in the elections migrations, like the motions' verifiable tables
(`governance.voting.verifiable_box`, `governance.motions.verifiable_tables`), outside Piccolo's
auto migrations; `governance.piccolo_conf.EXTRA_TABLES` binds them.

- `VerifiableElection`: one row per verifiable election, from its calling: the body's key
  ceremony whose joint key encrypts the ballots, the election id E every proof hashes
  (`ORG/elections/ID`, docs/VERIFY.md 4.2), and from the close the encrypted tally (JSON, one
  `{label, alpha, beta}` per candidate, labels "0".."n-1" in ballot order).
- `VerifiableElectionBallot`: one encrypted ballot (published JSON, tracker, whether the
  server encrypted it); no member, no time, no marks (SQLite `WITHOUT ROWID`).
- `ElectionPartialDecryption`: one trustee's partial decryptions of the tally, with proofs.
"""

from piccolo.columns import Integer, Text, Varchar
from piccolo.table import Table


class VerifiableElection(Table, tablename="verifiable_election"):
    """A verifiable election's ceremony, election id E and (after the close) tally."""

    id = Varchar(length=32, primary_key=True)  # the election's id
    ceremony = Varchar(length=32)
    election = Varchar(length=200)  # E
    tally = Text(null=True, default=None)


class VerifiableElectionBallot(Table, tablename="verifiable_election_ballot"):
    """One encrypted ballot of a verifiable election."""

    id = Varchar(length=32, primary_key=True)
    election = Varchar(length=32)
    ballot = Text()
    tracker = Varchar(length=64)
    server_encrypted = Integer(default=0)


class ElectionPartialDecryption(Table, tablename="election_partial_decryption"):
    """One trustee's partial decryptions of a verifiable election's tally."""

    id = Varchar(length=32, primary_key=True)
    election = Varchar(length=32)
    trustee = Integer()
    partials = Text()


VERIFIABLE_ELECTION_TABLES: list[type[Table]] = [
    VerifiableElection,
    VerifiableElectionBallot,
    ElectionPartialDecryption,
]


def election_ref(org_slug: str, election_id: str) -> str:
    """The election id E of an election: its organisation and its id, printable ASCII."""
    return f"{org_slug}/elections/{election_id}"
