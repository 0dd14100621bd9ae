"""The append-only audit log: one hash chain per organisation, and its head."""

from piccolo.columns import BigInt, Text, Varchar
from piccolo.table import Table


class AuditEntry(Table):
    """One entry of a chain; `data` is canonical JSON text, hashed exactly as stored."""

    id = Varchar(length=32, primary_key=True)
    chain = Varchar(length=32, index=True)
    seq = BigInt()
    at = Varchar(length=80)  # room for a commitment (`commitments.py`)
    actor = Varchar(length=80)
    action = Varchar(length=64)
    subject = Varchar(length=200)
    data = Text()
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)


class AuditHead(Table):
    """The latest sequence number and hash of each chain, locked by every appender.

    Keeping the head beside the chain lets verify notice a deleted last entry.
    """

    chain = Varchar(length=32, primary_key=True)
    seq = BigInt(default=0)
    hash = Varchar(length=64)
