"""Written consent: when its closing time has come (CONTRACT: it fails at `closes_at`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.errors import Conflict
from governance.motions.rules.consent import check_consent_open, consent_expired
from governance.motions.rules.transitions import MotionStatus

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
BEFORE, AFTER = NOW - timedelta(seconds=1), NOW + timedelta(seconds=1)


@pytest.mark.parametrize("status", [MotionStatus.moved, MotionStatus.seconded, MotionStatus.voting])
def test_an_undecided_consent_expires_at_its_closing_time(status: MotionStatus) -> None:
    assert consent_expired(in_meeting=False, status=status, closes_at=NOW, now=NOW)
    assert consent_expired(in_meeting=False, status=status, closes_at=BEFORE, now=NOW)
    assert not consent_expired(in_meeting=False, status=status, closes_at=AFTER, now=NOW)


@pytest.mark.parametrize(
    "status", [MotionStatus.carried, MotionStatus.failed, MotionStatus.withdrawn]
)
def test_a_decided_consent_never_expires_again(status: MotionStatus) -> None:
    assert not consent_expired(in_meeting=False, status=status, closes_at=BEFORE, now=NOW)


def test_meeting_motions_have_no_closing_time() -> None:
    assert not consent_expired(in_meeting=True, status="voting", closes_at=BEFORE, now=NOW)
    assert not consent_expired(in_meeting=False, status="voting", closes_at=None, now=NOW)


def test_nothing_is_done_on_a_consent_past_its_closing_time() -> None:
    check_consent_open(closes_at=AFTER, now=NOW)
    check_consent_open(closes_at=None, now=NOW)
    with pytest.raises(Conflict, match="passed its closing time"):
        check_consent_open(closes_at=NOW, now=NOW)
