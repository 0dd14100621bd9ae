"""Quorum and presence as conditions of business: each refusal says what is missing."""

from __future__ import annotations

import pytest

from governance.errors import Conflict, Forbidden
from governance.motions.rules.business import close_quorum_check, presence_check, quorum_check
from governance.motions.rules.quorum import compute_quorum

MET = compute_quorum(filled_seats=5, present=3, lived_experience_present=2)
LOST = compute_quorum(filled_seats=5, present=2, lived_experience_present=2)


def test_business_needs_quorum() -> None:
    quorum_check(MET, doing="second a motion")
    with pytest.raises(Conflict) as refused:
        quorum_check(LOST, doing="second a motion")
    assert refused.value.code == "no-quorum"
    assert refused.value.detail == (
        "There is no quorum, so the meeting cannot second a motion now. "
        "2 of 5 seated members are present; 3 are needed."
    )
    quorum_check(MET.verdict(), doing="move a motion")  # a verdict mapping will do
    with pytest.raises(Conflict):
        quorum_check(LOST.verdict(), doing="move a motion")


def test_a_vote_cannot_close_without_quorum() -> None:
    close_quorum_check(MET)
    with pytest.raises(Conflict) as refused:
        close_quorum_check(LOST)
    assert "stays open" in refused.value.detail
    assert refused.value.extra["reasons"] == ["2 of 5 seated members are present; 3 are needed."]


def test_lived_experience_quorum_counts_too() -> None:
    short = compute_quorum(
        filled_seats=5, present=4, lived_experience_present=2, lived_experience_quorum=True
    )
    with pytest.raises(Conflict, match="lived experience"):
        close_quorum_check(short)


@pytest.mark.parametrize("status", ["present", "remote"])
def test_present_or_remote_may_move(status: str) -> None:
    presence_check(attendance=status, doing="move motions")


@pytest.mark.parametrize(
    ("status", "words"),
    [(None, "not recorded as present"), ("absent", "recorded as absent"), ("excused", "excused")],
)
def test_absent_may_not_move_or_second(status: str | None, words: str) -> None:
    with pytest.raises(Forbidden) as refused:
        presence_check(attendance=status, doing="second motions")
    assert words in refused.value.detail
    assert refused.value.code == "not-present"


def test_adjourning_without_quorum_fails_the_open_votes() -> None:
    from governance.motions.rules.business import (
        NO_QUORUM,
        adjourn_without_quorum_outcome,
        no_quorum_tally,
    )
    from governance.motions.rules.transitions import MotionStatus

    assert adjourn_without_quorum_outcome(LOST, votes_open=2) is MotionStatus.failed
    assert adjourn_without_quorum_outcome(LOST.verdict(), votes_open=1) is MotionStatus.failed
    assert adjourn_without_quorum_outcome(LOST, votes_open=0) is None
    assert adjourn_without_quorum_outcome(MET, votes_open=0) is None
    with pytest.raises(Conflict) as refused:
        adjourn_without_quorum_outcome(MET, votes_open=1)  # with quorum: close it first
    assert (
        refused.value.detail == "1 vote is still open in this meeting. Close it before adjourning."
    )
    tally = {"yes": 3, "no": 0, "abstain": 0, "eligible": 5, "voted": 3}
    assert no_quorum_tally(tally) == {**tally, "reason": NO_QUORUM}
    assert NO_QUORUM == "no quorum"


def test_only_the_presiding_officer_may_adjourn_when_that_voids_open_votes() -> None:
    from governance.errors import Forbidden
    from governance.motions.rules.business import adjourn_permission_check

    def check(**kw: object) -> None:
        base = dict(
            record_keeper=True,
            presiding_id="vice",
            presiding_name="Sam Lee",
            actor_id="sec",
            voids_votes=False,
        )
        adjourn_permission_check(**{**base, **kw})  # type: ignore[arg-type]

    check()  # an ordinary adjournment: the record keeper
    with pytest.raises(Forbidden, match="only the presiding officer, Sam Lee"):
        check(voids_votes=True)  # the secretary cannot void the votes
    check(voids_votes=True, actor_id="vice", record_keeper=False)  # the presiding officer can
    check(voids_votes=True, presiding_id=None)  # nobody presides: a record keeper may
    with pytest.raises(Forbidden):
        check(record_keeper=False, actor_id="d1")
