"""The box of a verifiable motion: encrypted ballots, and the trustees' partial decryptions.

Created by raw DDL in the voting migrations (on SQLite `WITHOUT ROWID`, as the secret box,
so no hidden key keeps the order of casting). A ballot row is the ballot's published JSON
(ciphertexts and proofs: points and scalars only), its tracker (SHA-256 of that JSON,
docs/VERIFY.md 7.5), and whether the server encrypted it for the voter. No choice, no
randomness, no member, no time: the roll (`ballot_roll`) says who voted, and nothing joins
the two but the transaction, whose order the close erases by rewriting the box.

A partial decryption row is one trustee's factors for every tally line, with their proofs
(JSON list of docs/VERIFY.md 8.2 objects in label order); unique per motion and trustee.
"""

from piccolo.columns import Integer, Text, Varchar
from piccolo.table import Table


class VerifiableBallot(Table, tablename="verifiable_ballot"):
    """One encrypted ballot of a verifiable motion."""

    id = Varchar(length=32, primary_key=True)
    motion = Varchar(length=32)
    ballot = Text()
    tracker = Varchar(length=64)
    server_encrypted = Integer(default=0)


class PartialDecryptionRow(Table, tablename="partial_decryption"):
    """One trustee's partial decryptions of a verifiable motion's tally."""

    id = Varchar(length=32, primary_key=True)
    motion = Varchar(length=32)
    trustee = Integer()
    partials = Text()


VERIFIABLE_BOX_TABLES: list[type[Table]] = [VerifiableBallot, PartialDecryptionRow]
