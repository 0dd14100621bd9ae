"""Replaying a meeting's attendance changes into the moments quorum was reached or lost."""

from __future__ import annotations

from typing import Any

from governance.minutes.quorum_history import replay

BODY = {"quorum": 0.5, "lived_experience_quorum": False}
SEATS = {"a": True, "b": True, "c": False, "d": False}  # 4 seats: 3 present are needed


def attend(at: str, member: str, status: str) -> tuple[str, str, dict[str, Any]]:
    return (at, "meeting.attendance_recorded", {"member_id": member, "status": status})


def test_state_at_opening_then_each_change_of_quorum() -> None:
    entries = [
        attend("t0", "a", "present"),
        attend("t1", "b", "remote"),
        ("t2", "meeting.opened", {}),
        attend("t3", "c", "present"),
        attend("t4", "d", "present"),  # still met: no new event
        attend("t5", "c", "absent"),
        attend("t6", "d", "excused"),
        ("t7", "meeting.adjourned", {}),
        attend("t8", "c", "present"),
    ]
    assert replay(entries, SEATS, BODY) == [
        {"at": "t2", "met": False, "present": 2, "required": 3},
        {"at": "t3", "met": True, "present": 3, "required": 3},
        {"at": "t6", "met": False, "present": 2, "required": 3},
    ]


def test_members_without_a_seat_do_not_count_and_unopened_meetings_have_no_events() -> None:
    entries = [attend("t0", "zed", "present"), attend("t1", "a", "present")]
    assert replay(entries, SEATS, BODY) == []
    opened = [*entries, ("t2", "meeting.opened", {})]
    assert replay(opened, SEATS, BODY) == [{"at": "t2", "met": False, "present": 1, "required": 3}]


def test_the_minutes_say_when_quorum_was_lost_and_regained() -> None:
    from datetime import datetime

    from governance.minutes.pdf import build_html
    from tests.unit.minutes.minutes_samples import (
        APPROVAL,
        AUDIT_HASH,
        PUBLISHED_AT,
        SAMPLE_NOTES,
        sample_record,
    )

    record = sample_record()
    record["quorum"]["events"] = [
        {"at": "2026-03-03T18:00:00+00:00", "met": True, "present": 5, "required": 4},
        {"at": "2026-03-03T18:40:00+00:00", "met": False, "present": 3, "required": 4},
        {"at": "2026-03-03T18:55:00+00:00", "met": True, "present": 4, "required": 4},
    ]
    html = build_html(
        record=record,
        notes_html=SAMPLE_NOTES,
        approval=APPROVAL,
        audit_head_hash=AUDIT_HASH,
        version=1,
        published_at=datetime.fromisoformat(PUBLISHED_AT),
    )
    lost = html.index("Quorum lost at")
    assert html.index("Quorum reached at") < lost < html.index("Quorum reached at", lost)
    assert "(3 present, 4 needed)" in html
