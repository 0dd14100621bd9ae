"""Motion and approval ballots: valid ones verify, forged ones are named, trackers are stable."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.verifiable.ballot import (
    MOTION_CHOICES,
    Ballot,
    BallotSecrets,
    EncryptedChoice,
    approval_ballot_faults,
    canonical_json,
    choice_context,
    duplicate_faults,
    encrypt_approval_ballot,
    encrypt_motion_ballot,
    motion_ballot_faults,
    opening_faults,
    parse_ballot,
    secrets_from_json,
    sum_context,
    tracker,
)
from governance.verifiable.elgamal import add_all, decrypt, encrypt
from governance.verifiable.group import G, L, base_mul, random_scalar
from governance.verifiable.proofs import prove_range
from tests.unit.verifiable.seeded import SeededRng

X = random_scalar(SeededRng("kat-key"))
Y = base_mul(X)
ELECTION = "riverside/motion-12"
UNREDUCED = L.to_bytes(32, "little").hex()  # a scalar equal to the order: not canonical


def codes(faults) -> list[str]:
    return [f.code for f in faults]


def test_motion_ballot_known_answer_tracker() -> None:
    ballot, _ = encrypt_motion_ballot(Y, "kat-election", "yes", SeededRng("kat-ballot"))
    assert motion_ballot_faults(ballot.to_json(), Y, "kat-election") == []
    assert tracker(ballot) == "8c6b74b9d2d2e1e667d4b367dc55348f4fb2c93088aed0d1ccd090e4fa2f42ba"


@pytest.mark.parametrize("choice", MOTION_CHOICES)
def test_each_motion_choice_makes_a_valid_ballot_that_decrypts_to_it(choice: str) -> None:
    ballot, secrets = encrypt_motion_ballot(Y, ELECTION, choice)
    assert motion_ballot_faults(ballot.to_json(), Y, ELECTION) == []
    values = [decrypt(X, c.ciphertext, bound=2) for c in ballot.choices]
    assert values == [1 if option == choice else 0 for option in MOTION_CHOICES]
    assert opening_faults(ballot, secrets, Y) == []


def forged_motion(values: list[int], sum_lo: int, sum_hi: int) -> dict:
    """A cheat's ballot: honest 0/1 proofs where it can, its best proof for the sum."""
    rs = [random_scalar() for _ in values]
    choices = []
    for i, (m, r) in enumerate(zip(values, rs, strict=True)):
        ct = encrypt(Y, m, r)
        lo, hi = (0, 1) if m in (0, 1) else (m, m)
        choices.append(
            EncryptedChoice(ct, prove_range(Y, ct, r, m, lo, hi, choice_context(ELECTION, i)))
        )
    total = add_all(c.ciphertext for c in choices)
    sum_proof = prove_range(
        Y, total, sum(rs) % L, sum(values), sum_lo, sum_hi, sum_context(ELECTION)
    )
    return Ballot(ELECTION, "motion", tuple(choices), sum_proof).to_json()


def test_a_ballot_encrypting_2_fails() -> None:
    data = forged_motion([2, 0, 0], 2, 2)
    assert codes(motion_ballot_faults(data, Y, ELECTION)) == ["not-0-or-1", "sum-out-of-range"]


def test_yes_and_no_both_marked_fails_on_the_sum() -> None:
    data = forged_motion([1, 1, 0], 2, 2)
    faults = motion_ballot_faults(data, Y, ELECTION)
    assert codes(faults) == ["sum-out-of-range"]
    assert "exactly one" in faults[0].detail


def test_an_empty_motion_ballot_fails_on_the_sum() -> None:
    data = forged_motion([0, 0, 0], 0, 0)
    assert codes(motion_ballot_faults(data, Y, ELECTION)) == ["sum-out-of-range"]


def test_a_ballot_replayed_into_another_election_fails() -> None:
    ballot, _ = encrypt_motion_ballot(Y, ELECTION, "no")
    data = ballot.to_json()
    other = "riverside/motion-13"
    assert codes(motion_ballot_faults(data, Y, other)) == [
        "wrong-election",
        "not-0-or-1",
        "not-0-or-1",
        "not-0-or-1",
        "sum-out-of-range",
    ]
    # Relabelling it does not help: the proofs hash the election id they were made for.
    relabelled = {**data, "election": other}
    assert codes(motion_ballot_faults(relabelled, Y, other)) == [
        "not-0-or-1",
        "not-0-or-1",
        "not-0-or-1",
        "sum-out-of-range",
    ]


def test_a_ballot_under_another_key_fails() -> None:
    ballot, _ = encrypt_motion_ballot(base_mul(random_scalar()), ELECTION, "yes")
    assert "not-0-or-1" in codes(motion_ballot_faults(ballot.to_json(), Y, ELECTION))


def test_reordering_or_swapping_options_breaks_the_proofs() -> None:
    ballot, _ = encrypt_motion_ballot(Y, ELECTION, "yes")
    data = ballot.to_json()
    swapped = copy.deepcopy(data)
    swapped["choices"][0], swapped["choices"][1] = swapped["choices"][1], swapped["choices"][0]
    assert codes(motion_ballot_faults(swapped, Y, ELECTION)) == ["not-0-or-1", "not-0-or-1"]
    dropped = copy.deepcopy(data)
    dropped["choices"].pop()
    assert codes(motion_ballot_faults(dropped, Y, ELECTION)) == ["option-count"]


def test_a_tampered_ciphertext_is_caught() -> None:
    ballot, _ = encrypt_motion_ballot(Y, ELECTION, "abstain")
    data = ballot.to_json()
    # Multiply beta by g: turns the abstain's 1 into a 2 (and the ballot's sum into 2).
    data["choices"][2]["beta"] = (base_mul(0) + G + ballot.choices[2].ciphertext.beta).hex()
    assert codes(motion_ballot_faults(data, Y, ELECTION)) == ["not-0-or-1", "sum-out-of-range"]


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda d: d["choices"][0].update(alpha="00" * 31 + "01"), "malformed"),  # not canonical
        (lambda d: d["choices"][0].update(alpha="zz"), "malformed"),
        (lambda d: d["choices"][1]["proof"][0].update(challenge=UNREDUCED), "malformed"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d.update(extra=1), "malformed"),
        (lambda d: d.update(choices="x"), "malformed"),
        (lambda d: d.update(kind="approval"), "wrong-kind"),
    ],
)
def test_malformed_ballots_are_named_not_raised(mutate, code: str) -> None:
    ballot, _ = encrypt_motion_ballot(Y, ELECTION, "yes")
    data = ballot.to_json()
    mutate(data)
    assert code in codes(motion_ballot_faults(data, Y, ELECTION))


def test_non_objects_are_faults() -> None:
    assert codes(motion_ballot_faults([], Y, ELECTION)) == ["malformed"]
    assert codes(motion_ballot_faults(None, Y, ELECTION)) == ["malformed"]


def test_the_tracker_is_over_canonical_json_and_survives_a_round_trip() -> None:
    ballot, _ = encrypt_motion_ballot(Y, ELECTION, "yes")
    data = ballot.to_json()
    spaced = json.loads(json.dumps(data, indent=2))
    parsed, faults = parse_ballot(spaced)
    assert faults == [] and parsed == ballot
    assert tracker(parsed) == tracker(ballot)
    assert canonical_json(data).startswith(b'{"choices":[{"alpha":"')
    other, _ = encrypt_motion_ballot(Y, ELECTION, "yes")
    assert tracker(other) != tracker(ballot)  # fresh randomness: the tracker says nothing


def test_opening_a_ballot_shows_its_choice_and_a_lie_is_caught() -> None:
    ballot, secrets = encrypt_motion_ballot(Y, ELECTION, "no")
    assert secrets.values == (0, 1, 0)
    assert opening_faults(ballot, secrets_from_json(secrets.to_json()), Y) == []
    lie = BallotSecrets((1, 0, 0), secrets.randomness)
    assert codes(opening_faults(ballot, lie, Y)) == ["opening-mismatch", "opening-mismatch"]
    assert codes(opening_faults(ballot, BallotSecrets((0, 1), secrets.randomness[:2]), Y)) == [
        "opening-size"
    ]


def test_approval_ballots_prove_the_number_approved() -> None:
    ballot, _ = encrypt_approval_ballot(Y, ELECTION, [True, False, True, False], 1, 2)
    assert approval_ballot_faults(ballot.to_json(), Y, ELECTION, 4, 1, 2) == []
    assert [decrypt(X, c.ciphertext, bound=1) for c in ballot.choices] == [1, 0, 1, 0]
    # The same ballot is not valid where the range differs: the range is in the hash.
    assert codes(approval_ballot_faults(ballot.to_json(), Y, ELECTION, 4, 1, 3)) == [
        "sum-out-of-range"
    ]
    assert codes(approval_ballot_faults(ballot.to_json(), Y, ELECTION, 5, 1, 2)) == ["option-count"]


def test_an_approval_ballot_approving_too_many_cannot_be_made_or_forged() -> None:
    with pytest.raises(ValueError):
        encrypt_approval_ballot(Y, ELECTION, [True, True, True], 0, 2)
    rs = [random_scalar() for _ in range(3)]
    choices = []
    for i, r in enumerate(rs):
        ct = encrypt(Y, 1, r)
        choices.append(
            EncryptedChoice(ct, prove_range(Y, ct, r, 1, 0, 1, choice_context(ELECTION, i)))
        )
    total = add_all(c.ciphertext for c in choices)
    wide = prove_range(Y, total, sum(rs) % L, 3, 0, 3, sum_context(ELECTION))
    data = Ballot(ELECTION, "approval", tuple(choices), wide).to_json()
    assert codes(approval_ballot_faults(data, Y, ELECTION, 3, 0, 2)) == ["sum-out-of-range"]


@settings(max_examples=10, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=6), st.data())
def test_any_allowed_approval_ballot_verifies(approvals: list[bool], data: st.DataObject) -> None:
    n = sum(approvals)
    minimum = data.draw(st.integers(min_value=0, max_value=n))
    maximum = data.draw(st.integers(min_value=n, max_value=len(approvals)))
    ballot, _ = encrypt_approval_ballot(Y, ELECTION, approvals, minimum, maximum)
    assert (
        approval_ballot_faults(ballot.to_json(), Y, ELECTION, len(approvals), minimum, maximum)
        == []
    )


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        encrypt_motion_ballot(Y, ELECTION, "maybe")
    with pytest.raises(ValueError):
        encrypt_motion_ballot(Y, "", "yes")
    with pytest.raises(ValueError):
        encrypt_motion_ballot(Y, "vote-é", "yes")
    with pytest.raises(ValueError):
        encrypt_approval_ballot(Y, ELECTION, [True], 2, 1)


def test_a_copied_ballot_is_named_a_duplicate() -> None:
    first, _ = encrypt_motion_ballot(Y, ELECTION, "yes")
    second, _ = encrypt_motion_ballot(Y, ELECTION, "no")
    assert duplicate_faults([first, second]) == []
    faults = duplicate_faults([first, second, first])
    assert [(f.code, f.where) for f in faults] == [("duplicate", "ballot 2")]
    assert "ballot 0" in faults[0].detail
