"""The ceremony's pure rules: naming, a ceremony key, a dealing, a complaint."""

from __future__ import annotations

import pytest

from governance.errors import Conflict, InvalidInput
from governance.trustees.rules import (
    MAX_TRUSTEES,
    ceremony_context,
    check_complaint,
    check_may_name,
    check_naming,
    parse_ceremony_key,
    parse_dealing,
)
from governance.verifiable.channel import encrypt_share, make_ceremony_key
from governance.verifiable.group import scalar_hex
from governance.verifiable.threshold import deal, share_for
from tests.unit.verifiable.seeded import SeededRng

CONTEXT = ceremony_context("riverside", "board", "c1")


def _field(error: pytest.ExceptionInfo[InvalidInput]) -> str | None:
    return error.value.field


def test_naming() -> None:
    assert check_naming(["a", "b", "c"], 2) == (["a", "b", "c"], 2)
    for ids, t, field in (
        ([], 1, "member_ids"),
        (["a", "a"], 1, "member_ids"),
        ([f"m{i}" for i in range(MAX_TRUSTEES + 1)], 1, "member_ids"),
        ("ab", 1, "member_ids"),
        (["a", "b"], 3, "threshold"),
        (["a", "b"], 0, "threshold"),
        (["a", "b"], True, "threshold"),
    ):
        with pytest.raises(InvalidInput) as error:
            check_naming(ids, t)
        assert _field(error) == field
    assert CONTEXT == "riverside/board/ceremony/c1"
    check_may_name(None)
    check_may_name("failed")
    check_may_name("dealing")
    with pytest.raises(Conflict):
        check_may_name("complete")


def test_a_ceremony_key_is_checked() -> None:
    key, proof = make_ceremony_key(CONTEXT, 2, SeededRng("k"))
    assert parse_ceremony_key(key.public.hex(), proof.to_json(), CONTEXT, 2) == key.public
    with pytest.raises(InvalidInput) as error:
        parse_ceremony_key(key.public.hex(), proof.to_json(), CONTEXT, 1)
    assert _field(error) == "proof"
    with pytest.raises(InvalidInput) as error:
        parse_ceremony_key(key.public.hex().upper(), proof.to_json(), CONTEXT, 2)
    assert _field(error) == "public_key"
    with pytest.raises(InvalidInput) as error:
        parse_ceremony_key(key.public.hex(), {"challenge": "00" * 32}, CONTEXT, 2)
    assert _field(error) == "proof"


def _dealing(position: int = 1) -> tuple[dict, list]:
    rng = SeededRng("d")
    keys = {j: make_ceremony_key(CONTEXT, j, rng)[0] for j in (1, 2, 3)}
    polynomial, commitment = deal(position, 2, 3, CONTEXT, rng)
    shares = []
    for j in (1, 2, 3):
        if j != position:
            e = encrypt_share(share_for(polynomial, j), CONTEXT, position, j, keys[j].public, rng)
            shares.append({"to": j, "ephemeral": e.ephemeral.hex(), "masked": scalar_hex(e.masked)})
    payload = {
        "commitments": [c.hex() for c in commitment.coefficients],
        "proof": commitment.proof.to_json(),
        "shares": shares,
    }
    return payload, shares


def _parse(payload: dict, position: int = 1) -> object:
    return parse_dealing(
        position=position, threshold=2, positions=[1, 2, 3], context=CONTEXT, **payload
    )


def test_a_dealing_is_checked_in_every_part() -> None:
    payload, shares = _dealing()
    commitment, parsed = _parse(payload)  # type: ignore[misc]
    assert commitment.trustee == 1 and [s.recipient for s in parsed] == [2, 3]
    cases = [
        ({**payload, "commitments": payload["commitments"][:1]}, "commitments"),
        ({**payload, "commitments": ["00" * 32, payload["commitments"][1]]}, "commitments[0]"),
        ({**payload, "commitments": ["zz", payload["commitments"][1]]}, "commitments[0]"),
        ({**payload, "shares": shares[:1]}, "shares"),
        ({**payload, "shares": [shares[0], shares[0]]}, "shares"),
        ({**payload, "shares": [{**shares[0], "to": 1}, shares[1]]}, "shares[0].to"),
        ({**payload, "shares": [{**shares[0], "to": 4}, shares[1]]}, "shares[0].to"),
        ({**payload, "shares": [{**shares[0], "extra": 1}, shares[1]]}, "shares[0]"),
        ({**payload, "shares": [{**shares[0], "masked": "ff" * 32}, shares[1]]},
         "shares[0].masked"),
        ({**payload, "shares": [{**shares[0], "ephemeral": "00" * 32}, shares[1]]},
         "shares[0].ephemeral"),
    ]  # fmt: skip
    for bad, field in cases:
        with pytest.raises(InvalidInput) as error:
            _parse(bad)
        assert _field(error) == field, (bad, field)
    # Trustee 1's dealing presented as trustee 2's: its proof names trustee 1.
    with pytest.raises(InvalidInput) as error:
        _parse({**payload, "shares": [{**shares[0], "to": 1}, shares[1]]}, position=2)
    assert _field(error) == "proof"


def test_a_complaint_names_another_trustee_who_dealt() -> None:
    assert check_complaint(2, 1, [1, 2], 3) == 2
    with pytest.raises(InvalidInput):
        check_complaint(1, 1, [1, 2], 3)
    with pytest.raises(InvalidInput):
        check_complaint(4, 1, [1, 2], 3)
    with pytest.raises(InvalidInput):
        check_complaint(True, 1, [1, 2], 3)
    with pytest.raises(Conflict):
        check_complaint(3, 1, [1, 2], 3)
