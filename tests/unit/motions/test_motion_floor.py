"""The presiding officer's next step, from the meeting's status, quorum and motions."""

from __future__ import annotations

from governance.motions.rules.floor import next_step, on_the_floor


def m(number: str, status: str, kind: str = "main") -> dict[str, str]:
    return {"id": f"id-{number}", "number": number, "status": status, "kind": kind}


def step(status: str = "in_session", met: bool = True, *motions: dict[str, str]) -> str:
    return next_step(meeting_status=status, quorum_met=met, motions=list(motions)).text


def test_steps_in_order() -> None:
    assert step("scheduled").startswith("Open the meeting")
    assert step("adjourned").startswith("The meeting is adjourned")
    assert step() == "Nothing is on the floor: invite the next motion, or adjourn."
    assert step("in_session", True, m("2026-003", "moved")).startswith("2026-003 needs a seconder")
    assert step("in_session", True, m("2026-003", "moved"), m("2026-004", "seconded")) == (
        "Open the vote on 2026-004."
    )
    open_vote = next_step(
        meeting_status="in_session",
        quorum_met=True,
        motions=[m("2026-004", "seconded"), m("2026-005", "voting")],
    )
    assert open_vote.text.startswith("Close the vote on 2026-005")
    assert open_vote.motion_id == "id-2026-005"


def test_an_amendment_is_voted_on_first() -> None:
    motions = (m("2026-001", "seconded"), m("2026-002", "seconded", "amendment"))
    assert step("in_session", True, *motions) == "Open the vote on 2026-002."


def test_quorum_lost() -> None:
    assert step("in_session", False, m("2026-004", "seconded")) == (
        "Quorum lost: wait for members to return, or adjourn."
    )
    assert step("in_session", False, m("2026-004", "voting")) == (
        "Quorum lost: the vote on 2026-004 cannot be closed until quorum returns. Wait for "
        "members to return, or adjourn: a vote still open then fails for want of a quorum."
    )


def test_decided_motions_are_off_the_floor() -> None:
    motions = [m("1", "carried"), m("2", "withdrawn"), m("3", "failed"), m("4", "moved")]
    assert [x["number"] for x in on_the_floor(motions)] == ["4"]
