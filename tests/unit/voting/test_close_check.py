"""The pure comparison of a decided motion's row and box with the chain's record of its close."""

from __future__ import annotations

from governance.voting.rules.box_digest import box_digest
from governance.voting.rules.close_check import BoxContents, close_disagreement

CHOICES = ["yes", "no", "yes"]
TRACKERS = ["c" * 64, "a" * 64, "b" * 64]
TALLY = {"yes": 2, "no": 1, "abstain": 0, "eligible": 3, "voted": 3}


def check(**changes: object) -> str | None:
    arguments: dict[str, object] = {
        "row_status": "carried",
        "row_tally": TALLY,
        "recorded_status": "carried",
        "recorded": {"tally": TALLY, "box_digest": box_digest(CHOICES, TRACKERS)},
        "box": BoxContents(list(CHOICES), list(TRACKERS), roll=3),
    }
    arguments.update(changes)
    return close_disagreement(**arguments)  # type: ignore[arg-type]


def test_the_digest_ignores_order_and_sees_every_change() -> None:
    digest = box_digest(CHOICES, TRACKERS)
    assert box_digest(reversed(CHOICES), sorted(TRACKERS)) == digest
    assert box_digest(["yes", "no", "no"], TRACKERS) != digest
    assert box_digest(CHOICES, [*TRACKERS[:2], "d" * 64]) != digest
    assert box_digest(CHOICES[:2], TRACKERS) != digest


def test_agreement_and_each_disagreement_named() -> None:
    assert check() is None
    assert "records no decision" in str(check(recorded_status=None))
    assert "says failed" in str(check(row_status="failed"))
    assert "tally differs" in str(check(row_tally={**TALLY, "yes": 3}))
    flipped = BoxContents(["yes", "no", "no"], list(TRACKERS), roll=3)
    assert "digest differs" in str(check(box=flipped))
    short = BoxContents(["yes", "no"], list(TRACKERS), roll=3)
    assert "2 ballots and 3 trackers for 3 voters" in str(check(box=short))
    # A close recorded before digests existed is still recounted.
    assert "different tally" in str(check(box=flipped, recorded={"tally": TALLY}))
    assert check(box=None, recorded={"tally": TALLY}) is None
