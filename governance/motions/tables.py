"""Meetings, attendance, motions, their text versions, recusals and number counters."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from governance.ids import new_id
from governance.members.tables import Body, Membership, Organisation


class Meeting(Table):
    """A meeting of a body: scheduled, then in session, then adjourned (or cancelled before
    it opens). Its agenda is its `AgendaItem` rows; `agenda` mirrors their titles as a JSON
    list of strings, rewritten in every transaction that changes them (the minutes record and
    older readers use it)."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    body = ForeignKey(Body, null=False, index=True)
    title = Varchar(length=200)
    scheduled_for = Timestamptz()
    location = Varchar(length=300, default="")
    agenda = Text(default="[]")  # JSON list of strings
    status = Varchar(length=20, default="scheduled")
    opened_at = Timestamptz(null=True, default=None)
    adjourned_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    #: The membership the meeting elected chair pro tem (presides when neither the chair
    #: nor the vice chair can; `motions/rules/presiding.py`), or None.
    chair_pro_tem = Varchar(length=32, null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)
    cancel_reason = Text(default="")
    rescheduled_at = Timestamptz(null=True, default=None)  # the latest rescheduling
    rescheduled_from = Timestamptz(null=True, default=None)
    reschedule_reason = Text(default="")


class AgendaItem(Table):
    """One item of a meeting's agenda; `position` runs 1, 2, ... in order, unique per meeting."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    meeting = ForeignKey(Meeting, null=False, index=True)
    position = Integer()
    title = Varchar(length=500)
    notes = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Attendance(Table):
    """One member's attendance at a meeting (latest status; changes are in the audit log)."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    meeting = ForeignKey(Meeting, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    status = Varchar(length=20)
    updated_at = Timestamptz()


class Motion(Table):
    """A motion, made in a meeting or (written consent) on a body without one.

    `text` is the current text; every version is kept in `MotionText`. `tally` is canonical
    JSON written once, in the transaction that closes the vote. `hands` holds the counts a
    chair entered for a show-of-hands vote until the close. The kinds that act on something
    name it (`appoints`, `target`, `to_meeting`, `to_body`; `motions/rules/kinds.py`).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    body = ForeignKey(Body, null=False, index=True)
    meeting = ForeignKey(Meeting, null=True, default=None, index=True)
    agenda_item = ForeignKey(
        AgendaItem, null=True, default=None, index=True, on_delete=OnDelete.restrict
    )
    number = Varchar(length=16)
    kind = Varchar(length=20, default="main")
    title = Varchar(length=200)
    text = Text()
    amends = Varchar(length=32, null=True, default=None, index=True)
    minutes_of = Varchar(length=32, null=True, default=None, index=True)
    threshold = Varchar(length=20, default="majority")
    method = Varchar(length=20, default="roll_call")
    status = Varchar(length=20, default="moved")
    mover = ForeignKey(Membership, null=False)
    seconder = ForeignKey(Membership, null=True, default=None)
    closes_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    seconded_at = Timestamptz(null=True, default=None)
    vote_opened_at = Timestamptz(null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    tally = Text(null=True, default=None)
    hands = Text(null=True, default=None)
    #: An appointment's seat, as JSON `{member_id, role, starts_on, ends_on}`.
    appoints = Text(null=True, default=None)
    #: The motion a rescind, postpone, refer or reconsider acts on.
    target = Varchar(length=32, null=True, default=None, index=True)
    #: The later meeting a postponed motion goes to.
    to_meeting = Varchar(length=32, null=True, default=None)
    #: The committee a referred motion goes to.
    to_body = Varchar(length=32, null=True, default=None)
    #: The carried rescind that rescinded this decision.
    rescinded_by = Varchar(length=32, null=True, default=None)


class MotionText(Table):
    """One version of a motion's text: version 1 as moved, then one per carried amendment."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    motion = ForeignKey(Motion, null=False, index=True)
    version = Integer()
    text = Text()
    amendment = Varchar(length=32, null=True, default=None)
    created_at = Timestamptz()


class Recusal(Table):
    """A member's declared conflict on a motion; the reason is shown only if made public."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    motion = ForeignKey(Motion, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    reason = Text()
    public = Boolean(default=False)
    created_at = Timestamptz()


class MotionCounter(Table):
    """The last motion number used by an organisation in a year; `id` is "<org id>:<year>".

    Locked and bumped in the transaction that creates a motion, so numbers are gapless and
    unique even with several workers.
    """

    id = Varchar(length=48, primary_key=True)
    organisation = ForeignKey(Organisation, null=False)
    year = Integer()
    last = Integer(default=0)
