"""Receipts: the canonical form that is hashed, what is refused, and the check form's
leniency (CONTRACT "Receipts that survive a lost reply")."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.voting.rules.receipts import (
    CROCKFORD,
    canonical_receipt,
    grouped,
    new_receipt,
    receipt_tracker,
    roll_check,
    trackers_to_look_for,
)

receipts = st.text(alphabet=CROCKFORD, min_size=26, max_size=64).filter(
    lambda r: len(set(r)) >= 8 and not all(c in "0123456789ABCDEF" for c in r)
)


@given(receipts, st.sampled_from(["", "-", " ", " - "]), st.booleans())
def test_case_and_separators_do_not_change_the_receipt(
    receipt: str, separator: str, lower: bool
) -> None:
    typed = separator.join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
    assert canonical_receipt(typed.lower() if lower else typed) == receipt


def test_hex_receipts_are_lower_case_and_base32_upper_case() -> None:
    hex_receipt = "0123456789ABCDEF0123456789abcdef"
    assert canonical_receipt(hex_receipt) == hex_receipt.lower()
    assert canonical_receipt("7k3mq9xda2b4c6e8f0ghjkmnpr") == "7K3MQ9XDA2B4C6E8F0GHJKMNPR"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "short",
        "7K3MQ9XDA2B4C6E8F0GHJKMNP",  # 25 characters
        "0123456789abcdef0123456789a",  # 27 hex digits: under 128 bits
        "Z" * 65,
        "ABABABABABABABABABABABABAB",  # plainly not random
        "7K3MQ9XDA2B4C6E8F0GHJKMNP_",
        "7K3MQ9XDA2B4C6E8F0GHJKMNPé",
        "-" * 200,
    ],
)
def test_what_is_not_a_receipt_is_refused_with_a_sentence(bad: str) -> None:
    with pytest.raises(ValueError, match=r"receipt"):
        canonical_receipt(bad)


def test_made_receipts_are_canonical_and_grouped_in_fours() -> None:
    receipt = new_receipt()
    assert canonical_receipt(receipt) == receipt
    shown = grouped(receipt)
    assert [len(g) for g in shown.split("-")] == [4] * 7
    assert canonical_receipt(shown) == receipt


def test_the_tracker_is_sha256_of_the_canonical_form() -> None:
    receipt = new_receipt()
    assert receipt_tracker(receipt) == hashlib.sha256(receipt.encode()).hexdigest()


def test_the_roll_check_is_not_the_tracker_and_names_the_member() -> None:
    receipt = new_receipt()
    check = roll_check("m1", "a", receipt)
    assert check != receipt_tracker(receipt)
    assert check != roll_check("m1", "b", receipt) != roll_check("m2", "a", receipt)


def test_the_check_form_forgives_look_alikes_and_knows_old_receipts() -> None:
    receipt = "7K3MQ9XDA2B4C6E8F0GHJKMN1R"
    assert receipt_tracker(receipt) in trackers_to_look_for(grouped(receipt).replace("0", "O"))
    assert receipt_tracker(receipt) in trackers_to_look_for(receipt.replace("1", "l"))
    old = "q3Zk_x-9vT" * 4 + "abc"  # base64url, before receipts had a canonical form
    assert hashlib.sha256(old.encode()).hexdigest() in trackers_to_look_for(f"  {old} ")
    assert trackers_to_look_for("") == set()
