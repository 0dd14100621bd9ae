"""Secret-ballot receipts, trackers and counting (CONTRACT "Secret ballots")."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.motions.rules.procedure import Choice
from governance.motions.rules.thresholds import Tally
from governance.voting.rules.ballots import (
    ballots_match_roll,
    box_mismatch,
    check_box_matches_roll,
    count_ballots,
    new_receipt,
    published_trackers,
    tracker_for,
)


def test_receipts_have_no_look_alikes_and_are_long_enough_to_be_unguessable() -> None:
    receipt = new_receipt()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]+", receipt)  # Crockford: no I, L, O, U
    # base32 carries 5 bits per character: at least 128 bits means at least 26 characters.
    assert len(receipt) * 5 >= 128


def test_receipts_do_not_repeat() -> None:
    receipts = {new_receipt() for _ in range(1000)}
    assert len(receipts) == 1000


def test_tracker_is_sha256_hex_of_the_receipt() -> None:
    # Independent value: sha256("abc") from FIPS 180-2.
    assert tracker_for("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@given(st.text())
def test_tracker_matches_any_receipt_encoded_as_utf8(receipt: str) -> None:
    tracker = tracker_for(receipt)
    assert tracker == hashlib.sha256(receipt.encode("utf-8")).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", tracker)


def test_tracker_does_not_reveal_the_receipt() -> None:
    receipt = new_receipt()
    assert receipt not in tracker_for(receipt)


def test_count() -> None:
    box = ["yes", Choice.no, "yes", "abstain", Choice.yes]
    assert count_ballots(box) == Tally(yes=3, no=1, abstain=1)
    assert count_ballots([]) == Tally(0, 0, 0)


@given(st.lists(st.sampled_from(list(Choice))))
def test_every_ballot_is_counted_once(box: list[Choice]) -> None:
    tally = count_ballots(box)
    assert tally.voted == len(box)
    assert tally.yes == box.count(Choice.yes)
    assert tally.no == box.count(Choice.no)


@given(st.lists(st.sampled_from(list(Choice))), st.randoms())
def test_the_order_of_the_box_does_not_matter(box: list[Choice], rnd: object) -> None:
    shuffled = list(box)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert count_ballots(shuffled) == count_ballots(box)


def test_a_tampered_ballot_stops_the_count() -> None:
    with pytest.raises(ValueError, match="Refusing to count"):
        count_ballots(["yes", "maybe"])


def test_box_matches_roll() -> None:
    assert ballots_match_roll(7, 7)
    assert not ballots_match_roll(6, 7)
    assert not ballots_match_roll(8, 7)
    assert box_mismatch(ballots=7, trackers=7, roll=7) is None
    assert box_mismatch(ballots=7, trackers=6, roll=7) == (
        "The ballot box does not match the roll: 7 ballots and 6 trackers for 7 voters."
    )


def test_a_box_that_does_not_match_the_roll_is_not_counted() -> None:
    check_box_matches_roll(ballots=3, trackers=3, roll=3)
    with pytest.raises(ValueError, match="Refusing to count: The ballot box does not match"):
        check_box_matches_roll(ballots=2, trackers=3, roll=3)


def test_trackers_are_published_sorted() -> None:
    trackers = [tracker_for(new_receipt()) for _ in range(20)]
    assert published_trackers(trackers) == sorted(trackers)
    assert published_trackers(reversed(trackers)) == published_trackers(trackers)
