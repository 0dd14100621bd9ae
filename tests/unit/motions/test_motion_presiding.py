"""Who presides: the chair, the vice chair when the chair is absent or recused, then a chair
pro tem elected by the meeting; and the refusal that names who presides now."""

from __future__ import annotations

import pytest

from governance.errors import Forbidden, InvalidInput
from governance.motions.rules.presiding import (
    PRO_TEM,
    SeatHolder,
    presided_words,
    presiding_officer,
    pro_tem_check,
    require_presiding,
)

SEATS = [
    SeatHolder("c", "Ann Chair", "chair"),
    SeatHolder("v", "Sam Lee", "vice_chair"),
    SeatHolder("s", "Sue Sec", "secretary"),
    SeatHolder("d", "Dee Director", "director"),
]
ALL_HERE = {"c": "present", "v": "remote", "s": "present", "d": "present"}


def test_the_chair_presides_when_present() -> None:
    who = presiding_officer(seats=SEATS, attendance=ALL_HERE)
    assert (who.member_id, who.role) == ("c", "chair")
    assert who.reason == "The chair, Ann Chair, presides."


@pytest.mark.parametrize("status", ["absent", "excused", None])
def test_the_vice_chair_presides_while_the_chair_is_absent(status: str | None) -> None:
    attendance = (
        {**ALL_HERE, "c": status} if status else {k: v for k, v in ALL_HERE.items() if k != "c"}
    )
    who = presiding_officer(seats=SEATS, attendance=attendance)
    assert (who.member_id, who.role) == ("v", "vice_chair")
    assert who.reason == "The vice chair, Sam Lee, presides while the chair is absent."


def test_the_vice_chair_presides_over_a_motion_the_chair_recused_from() -> None:
    who = presiding_officer(seats=SEATS, attendance=ALL_HERE, recused={"c"})
    assert who.member_id == "v"
    assert who.reason == (
        "The vice chair, Sam Lee, presides while the chair is recused from this motion."
    )
    # Recusal is per motion: for the meeting (no motion at hand) the chair still presides.
    assert presiding_officer(seats=SEATS, attendance=ALL_HERE).member_id == "c"


def test_a_body_without_a_chair_seated() -> None:
    who = presiding_officer(seats=SEATS[1:], attendance=ALL_HERE)
    assert who.member_id == "v"
    assert "no chair is seated" in who.reason


def test_the_chair_pro_tem_presides_only_when_chair_and_vice_chair_cannot() -> None:
    assert presiding_officer(seats=SEATS, attendance=ALL_HERE, pro_tem="d").member_id == "c"
    away = {**ALL_HERE, "c": "absent", "v": "excused"}
    who = presiding_officer(seats=SEATS, attendance=away, pro_tem="d")
    assert (who.member_id, who.role) == ("d", PRO_TEM)
    assert who.reason == (
        "Dee Director, elected chair pro tem by the meeting, presides while the chair is "
        "absent and the vice chair is absent."
    )


def test_nobody_presides_without_chair_vice_chair_or_pro_tem() -> None:
    away = {**ALL_HERE, "c": "absent", "v": "absent"}
    who = presiding_officer(seats=SEATS, attendance=away)
    assert who.member_id is None and who.role is None
    assert who.reason.startswith("Nobody can preside: the chair is absent and the vice chair")
    assert "chair pro tem" in who.reason
    # A pro tem who left, or who recused from the motion, cannot preside either.
    gone = presiding_officer(seats=SEATS, attendance={**away, "d": "absent"}, pro_tem="d")
    assert gone.member_id is None and "the chair pro tem is absent" in gone.reason
    recused = presiding_officer(seats=SEATS, attendance=away, pro_tem="d", recused={"d"})
    assert recused.member_id is None and "recused" in recused.reason
    unseated = presiding_officer(seats=SEATS, attendance=away, pro_tem="x")
    assert unseated.member_id is None and "no longer holds a seat" in unseated.reason


def test_a_body_may_name_further_officers() -> None:
    away = {**ALL_HERE, "c": "absent", "v": "absent"}
    who = presiding_officer(
        seats=SEATS, attendance=away, succession=("chair", "vice_chair", "secretary")
    )
    assert (who.member_id, who.role) == ("s", "secretary")


def test_refusal_names_who_presides_now() -> None:
    who = presiding_officer(seats=SEATS, attendance={**ALL_HERE, "c": "absent"})
    require_presiding(who, "v", doing="open the vote")
    with pytest.raises(Forbidden) as refused:
        require_presiding(who, "c", doing="open the vote")
    assert refused.value.detail == (
        "Only the presiding officer can open the vote. The vice chair, Sam Lee, presides "
        "while the chair is absent."
    )
    assert refused.value.extra["presiding"]["member_id"] == "v"
    nobody = presiding_officer(seats=SEATS, attendance={})
    with pytest.raises(Forbidden):
        require_presiding(nobody, None, doing="close the vote")


def test_pro_tem_must_be_seated_and_present() -> None:
    pro_tem_check(seated=True, present=True)
    with pytest.raises(InvalidInput, match="seated"):
        pro_tem_check(seated=False, present=True)
    with pytest.raises(InvalidInput, match="present or remote"):
        pro_tem_check(seated=True, present=False)


def test_the_minutes_say_who_presided_and_why() -> None:
    """The minutes' header: "Presiding: Sam Lee (vice chair, the chair was absent)"."""
    chair = presiding_officer(seats=SEATS, attendance=ALL_HERE)
    assert presided_words(chair) == "Ann Chair (chair)"
    vice = presiding_officer(seats=SEATS, attendance={**ALL_HERE, "c": "absent"})
    assert presided_words(vice) == "Sam Lee (vice chair, the chair was absent)"
    away = {**ALL_HERE, "c": "absent", "v": "excused"}
    pro_tem = presiding_officer(seats=SEATS, attendance=away, pro_tem="d")
    assert presided_words(pro_tem) == (
        "Dee Director (chair pro tem, elected by the meeting, the chair was absent, "
        "the vice chair was absent)"
    )
    assert presided_words(presiding_officer(seats=SEATS, attendance=away)) is None


def test_the_recorder_cannot_record_themself_as_chair_pro_tem() -> None:
    """They also record attendance: else they could mark the chair and vice chair absent
    and take the chair's powers alone."""
    from governance.errors import Forbidden

    with pytest.raises(Forbidden, match="cannot record yourself"):
        pro_tem_check(seated=True, present=True, records_self=True)
    pro_tem_check(seated=True, present=True, records_self=False)
