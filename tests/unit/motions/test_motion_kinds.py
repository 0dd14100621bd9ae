"""The pure rules of the motion kinds that act on something (`motions/rules/kinds.py`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.rules import check_appointment_seating
from governance.motions.rules import kinds
from governance.motions.rules.procedure import MotionKind

JAN = datetime(2027, 1, 12, 18, tzinfo=UTC)
DEC = datetime(2026, 12, 1, 18, tzinfo=UTC)


def _fields(kind: MotionKind, **given: object) -> None:
    values: dict[str, object] = {
        "appoints": None,
        "target": None,
        "target_field": None,
        "to_meeting": None,
        "to_body": None,
        "in_meeting": True,
    }
    values.update(given)
    kinds.check_kind_fields(kind, **values)  # type: ignore[arg-type]


def test_each_kind_names_what_it_acts_on_and_nothing_else() -> None:
    _fields(MotionKind.main)
    _fields(MotionKind.rescind, target="m1", target_field="rescinds")
    _fields(MotionKind.postpone, target="m1", target_field="postpones", to_meeting="x")
    _fields(MotionKind.refer, target="m1", target_field="refers", to_body="finance")
    _fields(MotionKind.reconsider, target="m1", target_field="reconsiders")
    _fields(MotionKind.appointment, appoints={})
    refusals = [
        ({"kind": MotionKind.rescind}, "rescinds"),
        ({"kind": MotionKind.main, "target": "m1", "target_field": "rescinds"}, "rescinds"),
        ({"kind": MotionKind.refer, "target": "m1", "target_field": "rescinds"}, "rescinds"),
        (
            {"kind": MotionKind.postpone, "target": "m1", "target_field": "postpones"},
            "to_meeting",
        ),
        ({"kind": MotionKind.refer, "target": "m1", "target_field": "refers"}, "to_body"),
        ({"kind": MotionKind.main, "to_meeting": "x"}, "to_meeting"),
        ({"kind": MotionKind.appointment}, "appoints"),
        ({"kind": MotionKind.main, "appoints": {}}, "appoints"),
        (
            {
                "kind": MotionKind.rescind,
                "target": "m1",
                "target_field": "rescinds",
                "in_meeting": False,
            },
            "kind",
        ),
    ]
    for given, field in refusals:
        kind = given.pop("kind")
        with pytest.raises(InvalidInput) as refused:
            _fields(kind, **given)  # type: ignore[arg-type]
        assert refused.value.field == field, given


def test_a_rescind_needs_two_thirds_or_a_majority_of_seats() -> None:
    assert kinds.kind_threshold("rescind", None) == "two_thirds"
    assert kinds.kind_threshold("rescind", "majority_of_seats") == "majority_of_seats"
    assert kinds.kind_threshold("rescind", "unanimous") == "unanimous"
    with pytest.raises(InvalidInput):
        kinds.kind_threshold("rescind", "majority")
    assert kinds.kind_threshold("main", None) is None
    assert kinds.kind_threshold("main", "majority") == "majority"


def test_only_a_standing_carried_decision_of_the_body_can_be_rescinded() -> None:
    ok = {"target_status": "carried", "target_kind": "main", "rescinded_by": None}
    kinds.rescind_check(**ok, same_body=True)
    with pytest.raises(InvalidInput):
        kinds.rescind_check(**ok, same_body=False)
    for change in (
        {"target_status": "failed"},
        {"rescinded_by": "r1"},
        {"target_kind": "approve_minutes"},
        {"target_kind": "appointment"},
        {"target_kind": "rescind"},
    ):
        with pytest.raises(Conflict):
            kinds.rescind_check(**{**ok, **change}, same_body=True)  # type: ignore[arg-type]


def test_postpone_to_a_later_meeting_of_the_body_not_yet_held() -> None:
    ok = {
        "target_status": "seconded",
        "target_kind": "main",
        "same_meeting": True,
        "to_meeting_status": "scheduled",
        "to_meeting_same_body": True,
        "to_meeting_at": JAN,
        "this_meeting_at": DEC,
    }
    kinds.postpone_check(**ok)  # type: ignore[arg-type]
    for change, error in (
        ({"target_status": "voting"}, Conflict),
        ({"target_status": "carried"}, Conflict),
        ({"target_kind": "amendment"}, Conflict),
        ({"same_meeting": False}, InvalidInput),
        ({"to_meeting_status": "in_session"}, InvalidInput),
        ({"to_meeting_same_body": False}, InvalidInput),
        ({"to_meeting_at": DEC}, InvalidInput),
    ):
        with pytest.raises(error):
            kinds.postpone_check(**{**ok, **change})  # type: ignore[arg-type]


def test_refer_to_a_committee_with_a_meeting_to_take_it_up() -> None:
    ok = {
        "target_status": "moved",
        "target_kind": "main",
        "same_meeting": True,
        "to_body_kind": "committee",
        "to_body_is_this_body": False,
        "to_meeting_status": "scheduled",
        "to_meeting_of_committee": True,
    }
    kinds.refer_check(**ok)  # type: ignore[arg-type]
    for change in (
        {"to_body_kind": "board"},
        {"to_body_is_this_body": True},
        {"to_meeting_status": None},
        {"to_meeting_status": "adjourned"},
        {"to_meeting_of_committee": False},
    ):
        with pytest.raises(InvalidInput):
            kinds.refer_check(**{**ok, **change})  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        kinds.refer_check(**{**ok, "target_status": "voting"})  # type: ignore[arg-type]
    # A motion that acts on the body's own record stays with it: referred, a committee
    # would rescind the board's decisions or approve its minutes by the committee's vote.
    for kind in ("rescind", "reconsider", "approve_minutes", "appointment", "postpone"):
        with pytest.raises(Conflict, match="Only an ordinary motion"):
            kinds.refer_check(**{**ok, "target_kind": kind})  # type: ignore[arg-type]


def test_reconsider_only_from_the_prevailing_side_of_a_roll_call_in_session() -> None:
    ok = {
        "target_status": "carried",
        "target_kind": "main",
        "target_method": "roll_call",
        "same_meeting": True,
        "meeting_status": "in_session",
        "mover_choice": "yes",
        "already_reconsidered": False,
    }
    kinds.reconsider_check(**ok)  # type: ignore[arg-type]
    kinds.reconsider_check(**{**ok, "target_status": "failed", "mover_choice": "no"})  # type: ignore[arg-type]
    # a failed amendment had no effect, so it can be reconsidered; a carried one cannot
    kinds.reconsider_check(
        **{**ok, "target_status": "failed", "target_kind": "amendment", "mover_choice": "no"}  # type: ignore[arg-type]
    )
    for change, error in (
        ({"mover_choice": "no"}, Forbidden),
        ({"mover_choice": "abstain"}, Forbidden),
        ({"mover_choice": None}, Forbidden),
        ({"target_method": "secret"}, Conflict),
        ({"target_method": "show_of_hands"}, Conflict),
        ({"same_meeting": False}, Conflict),
        ({"meeting_status": "adjourned"}, Conflict),
        ({"target_status": "withdrawn"}, Conflict),
        ({"target_status": "seconded"}, Conflict),
        ({"target_kind": "amendment"}, Conflict),
        ({"already_reconsidered": True}, Conflict),
        ({"target_rescinded": True}, Conflict),  # a rescinded decision has no vote left
    ):
        with pytest.raises(error):
            kinds.reconsider_check(**{**ok, **change})  # type: ignore[arg-type]


def test_a_non_compliant_body_carries_only_appointments() -> None:
    assert kinds.carry_problem(kind="main", body_compliant=True) is None
    assert kinds.carry_problem(kind="appointment", body_compliant=False) is None
    for kind in ("main", "amendment", "approve_minutes", "rescind", "postpone", "refer"):
        assert kinds.carry_problem(kind=kind, body_compliant=False) == kinds.NON_COMPLIANT_SENTENCE


def test_appoints_is_checked_like_a_seat() -> None:
    made = kinds.parse_appoints({"member_id": "m", "role": "director", "starts_on": "2026-02-01"})
    assert made == kinds.Appointment("m", "director", date(2026, 2, 1), None)
    for bad in (
        None,
        {"role": "director", "starts_on": "2026-02-01"},
        {"member_id": "m", "role": "king", "starts_on": "2026-02-01"},
        {"member_id": "m", "role": "director"},
        {"member_id": "m", "role": "director", "starts_on": "soon"},
        {"member_id": "m", "role": "director", "starts_on": "2026-02-01", "ends_on": "2026-01-01"},
        {"member_id": "m", "role": "director", "starts_on": "2026-02-01", "salary": 1},
    ):
        with pytest.raises(InvalidInput):
            kinds.parse_appoints(bad)


def test_a_mover_without_counts_is_answered_only_from_the_public_verdict() -> None:
    # 9 seats, 5 reserved. Every split of the held seats between members with and without
    # lived experience, and either attestation for the appointee, must give one answer for a
    # given number filled: accepted while a seat is free, "body full" once none is.
    for filled in range(10):
        answers = set()
        for lived_held in range(filled + 1):
            for lived in (True, False):
                try:
                    check_appointment_seating(
                        seats=9,
                        quota=0.51,
                        filled_lived=lived_held,
                        filled_other=filled - lived_held,
                        has_lived_experience=lived,
                        sees_counts=False,
                    )
                    answers.add("accepted")
                except Conflict as refused:
                    answers.add(f"{refused.code}: {refused.detail}")
        assert len(answers) == 1, (filled, answers)
        assert answers == ({"accepted"} if filled < 9 else {
            "body-full: All 9 seats are filled. End a seat first, then appoint the new member."
        })  # fmt: skip


def test_an_admin_mover_gets_the_exact_quota_rule() -> None:
    # 4 seats, 3 reserved; the one other seat is held: only reserved seats are open.
    zone = {"seats": 4, "quota": 0.51, "filled_lived": 2, "filled_other": 1}
    check_appointment_seating(**zone, has_lived_experience=True, sees_counts=True)
    with pytest.raises(Conflict) as refused:
        check_appointment_seating(**zone, has_lived_experience=False, sees_counts=True)
    assert refused.value.code == "quota"
    assert "3 of 4 seats are reserved" in refused.value.detail


def test_a_new_appointment_starts_today_or_later() -> None:
    today = date(2026, 12, 2)
    term = {"member_id": "m", "role": "director"}
    for day in ("2026-12-02", "2027-01-01"):
        kinds.check_appointment_starts(
            kinds.parse_appoints({**term, "starts_on": day}), today=today
        )
    with pytest.raises(InvalidInput) as refused:
        kinds.check_appointment_starts(
            kinds.parse_appoints({**term, "starts_on": "2026-12-01"}), today=today
        )
    assert refused.value.field == "appoints.starts_on"


def test_effect_sentences_for_the_minutes() -> None:
    assert (
        kinds.effect_sentence(
            kind="postpone", status="carried", target_number="2026-004", to_meeting_on=JAN.date()
        )
        == "Motion 2026-004 was postponed to the meeting of 12 January 2027."
    )
    assert (
        kinds.effect_sentence(kind="rescind", status="carried", target_number="2026-001")
        == "Motion 2026-001 was rescinded."
    )
    assert kinds.effect_sentence(kind="rescind", status="failed", target_number="x") is None
    assert kinds.effect_sentence(kind="main", status="carried") is None
