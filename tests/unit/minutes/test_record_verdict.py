"""The minutes record states a verdict on lived experience, never a count (issue 11, item 3)."""

from __future__ import annotations

import pytest

from governance.errors import InvalidInput
from governance.minutes.document import validate_record, without_counts
from governance.motions.rules.quorum import LIVED_EXPERIENCE_REASON
from tests.unit.minutes.minutes_samples import sample_record


def test_a_record_with_a_count_is_refused() -> None:
    record = sample_record()
    record["quorum"]["lived_experience_present"] = 3
    with pytest.raises(InvalidInput, match="must not count"):
        validate_record(record)


def test_a_record_frozen_before_verdicts_reads_without_its_count() -> None:
    record = sample_record()
    reason = "3 of 6 members present have lived experience; more than half must."
    old = {"required": 5, "present": 6, "lived_experience_present": 3, "met": False,
           "reasons": [reason]}  # fmt: skip
    record["quorum"] = old
    now = without_counts(record)
    assert now["quorum"] == {
        "required": 5, "present": 6, "met": False, "lived_experience_met": False,
        "reasons": [LIVED_EXPERIENCE_REASON],
    }  # fmt: skip
    validate_record(now)
    assert record["quorum"] is old and "lived_experience_present" in old  # not mutated
