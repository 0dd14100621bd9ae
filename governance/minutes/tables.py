"""Minutes versions and the published PDFs they point to.

One `Minutes` row per version of a meeting's minutes. Version 1 is the first draft; a
correction after approval is a new version, so every approved version stays readable. The
record is frozen (canonical JSON) when a motion approves the version; until then it is built
live from the meeting. `StoredPdf` holds each published document once, keyed by its SHA-256.
"""

from piccolo.columns import Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from governance.ids import new_id
from governance.members.tables import Organisation
from governance.motions.tables import Meeting


class Minutes(Table):
    """One version of a meeting's minutes: `draft`, then `approved`, then `published`.

    Unique (meeting, version), by a raw index in the migration.
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    meeting = ForeignKey(Meeting, null=False, index=True)
    version = Integer(default=1)
    status = Varchar(length=20, default="draft")
    notes = Text(default="")
    record = Text(null=True, default=None)  # canonical JSON, frozen at approval
    approval = Text(null=True, default=None)  # canonical JSON {motion_number, ...}
    approved_by_motion = Varchar(length=32, null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)
    published_sha256 = Varchar(length=64, null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    audit_head_hash = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class StoredPdf(Table):
    """A published PDF, stored once and addressed by the SHA-256 of its bytes."""

    sha256 = Varchar(length=64, primary_key=True)
    content = Bytea()
    size = Integer()
    created_at = Timestamptz()
