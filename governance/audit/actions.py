"""Every audit action name, in one registry (as Warehouse keeps its event tags).

An entry's `action` is always one of these; `append` refuses any other, so a typo cannot
start a new, unverifiable kind of entry. Names read `area.what_happened`.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """The kinds of audit entry. Values are stored in the chain: never rename one."""

    # accounts and organisations
    PLATFORM_ADMIN_CREATED = "account.platform_admin_created"
    TOKEN_CREATED = "account.token_created"  # noqa: S105 (an event name, not a secret)
    TOKEN_REVOKED = "account.token_revoked"  # noqa: S105 (an event name, not a secret)
    PASSWORD_CHANGED = "account.password_changed"  # noqa: S105 (an event name, not a secret)
    ORGANISATION_CREATED = "organisation.created"
    ORGANISATION_UPDATED = "organisation.updated"
    # membership, bodies and seats
    MEMBER_ADDED = "member.added"
    INVITATION_ACCEPTED = "member.invitation_accepted"
    LIVED_EXPERIENCE_CHANGED = "member.lived_experience_changed"
    ROLES_CHANGED = "member.roles_changed"
    MEMBER_SEATED = "member.seated"
    MEMBER_SUSPENDED = "member.suspended"
    MEMBER_REINSTATED = "member.reinstated"
    BODY_CREATED = "body.created"
    SEAT_ENDED = "seat.ended"
    # meetings
    MEETING_CREATED = "meeting.created"
    MEETING_OPENED = "meeting.opened"
    MEETING_ADJOURNED = "meeting.adjourned"
    ATTENDANCE_RECORDED = "meeting.attendance_recorded"
    MEETING_RESCHEDULED = "meeting.rescheduled"
    MEETING_CANCELLED = "meeting.cancelled"
    AGENDA_ITEM_ADDED = "meeting.agenda_item_added"
    AGENDA_ITEM_EDITED = "meeting.agenda_item_edited"
    AGENDA_ITEM_REMOVED = "meeting.agenda_item_removed"
    AGENDA_REORDERED = "meeting.agenda_reordered"
    CHAIR_PRO_TEM_RECORDED = "meeting.chair_pro_tem_recorded"
    # motions and votes
    MOTION_MOVED = "motion.moved"
    MOTION_SECONDED = "motion.seconded"
    MOTION_AMENDED = "motion.amended"
    MOTION_WITHDRAWN = "motion.withdrawn"
    MOTION_RECUSED = "motion.recused"
    VOTE_OPENED = "motion.vote_opened"
    MOTION_CARRIED = "motion.carried"
    MOTION_FAILED = "motion.failed"
    # what a carried rescind, postpone, refer or reconsider did to the motion it names
    MOTION_RESCINDED = "motion.rescinded"
    MOTION_POSTPONED = "motion.postponed"
    MOTION_REFERRED = "motion.referred"
    MOTION_REOPENED = "motion.reopened"
    VOTE_CAST = "vote.cast"
    BALLOT_CAST = "ballot.cast"
    HANDS_COUNTED = "vote.hands_counted"
    # a verifiable motion (issue 15): ciphertexts, tallies and proofs only, never a choice
    VERIFIABLE_BALLOT_CAST = "ballot.verifiable_cast"
    VERIFIABLE_VOTE_CLOSED = "motion.verifiable_vote_closed"
    PARTIAL_DECRYPTION_POSTED = "motion.partial_decryption_posted"
    # minutes
    MINUTES_NOTES_SAVED = "minutes.notes_saved"
    MINUTES_CORRECTION_STARTED = "minutes.correction_started"
    MINUTES_ATTENDANCE_CORRECTED = "minutes.attendance_corrected"
    MINUTES_APPROVED = "minutes.approved"
    MINUTES_APPROVAL_WITHOUT_DRAFT = "minutes.approval_without_draft"
    MINUTES_PUBLISHED = "minutes.published"
    # elections
    ELECTION_CREATED = "election.created"
    CANDIDATE_NOMINATED = "candidate.nominated"
    CANDIDATE_WITHDRAWN = "candidate.withdrawn"
    ELECTION_BALLOT_CAST = "election.ballot_cast"
    ELECTION_COUNTED = "election.counted"
    ELECTION_CERTIFIED = "election.certified"
    # a verifiable election: ciphertexts, tallies and proofs only, never a ballot's marks
    ELECTION_VERIFIABLE_CLOSED = "election.verifiable_closed"
    ELECTION_PARTIAL_DECRYPTION_POSTED = "election.partial_decryption_posted"
    # a body's trustees and the key ceremony (public values only: docs/VERIFY.md 6.1)
    TRUSTEES_NAMED = "trustees.named"
    CEREMONY_KEY_SUBMITTED = "ceremony.key_submitted"
    CEREMONY_DEALT = "ceremony.dealt"
    CEREMONY_SHARES_ACCEPTED = "ceremony.shares_accepted"
    CEREMONY_FAILED = "ceremony.failed"
    CEREMONY_COMPLETED = "ceremony.completed"
