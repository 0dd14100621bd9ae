"""When an adjourned meeting's attendance may be corrected: after it ends, before approval."""

from __future__ import annotations

import pytest

from governance.errors import Conflict
from governance.minutes.rules import attendance_correction_check


@pytest.mark.parametrize("minutes", [None, "draft"])
def test_an_adjourned_meeting_with_draft_minutes_can_be_corrected(minutes: str | None) -> None:
    attendance_correction_check("adjourned", minutes)


@pytest.mark.parametrize("meeting", ["scheduled", "in_session"])
def test_a_meeting_not_yet_ended_is_corrected_on_the_meeting_itself(meeting: str) -> None:
    with pytest.raises(Conflict, match="not been adjourned"):
        attendance_correction_check(meeting, None)


@pytest.mark.parametrize("minutes", ["approved", "published"])
def test_approved_minutes_need_a_new_version_first(minutes: str) -> None:
    with pytest.raises(Conflict, match="Start a correction"):
        attendance_correction_check("adjourned", minutes)
