"""The browser's share channel (static/js/verifiable/channel.js, docs/VERIFY.md 6.1) against
the Python one: the same known answers byte for byte, shares sealed by one opened by the other,
and the same refusals: a tampered share, a share sealed for another trustee, another ceremony."""

from __future__ import annotations

from typing import Any

from governance.verifiable.channel import (
    CeremonyKey,
    EncryptedShare,
    ceremony_key_faults,
    encrypt_share,
    make_ceremony_key,
    receive_share,
)
from governance.verifiable.group import (
    G,
    L,
    Point,
    base_mul,
    hash_input,
    scalar_from_hex,
    scalar_hex,
)
from governance.verifiable.proofs import Proof
from governance.verifiable.threshold import Commitment, deal, share_for
from tests.unit.verifiable.node import bridge, require_node
from tests.unit.verifiable.test_channel import CONTEXT, _kat


def test_the_browser_reproduces_the_channel_known_answers() -> None:
    require_node()
    keys, _, commitment, share, encrypted = _kat()
    got = bridge("channel_kat", context=CONTEXT)
    assert got["secrets"] == [scalar_hex(k.secret) for k, _ in keys]
    assert got["secrets"][1] == "9605d98c54b23153802466a8aaa0a64e5d02f0c506b86fb30a2c5501cc9e8a08"
    assert got["publics"] == [k.public.hex() for k, _ in keys]
    assert got["proofs"] == [p.to_json() for _, p in keys]
    assert got["faults"] == [[], [], []]
    assert got["commitment"] == commitment.to_json()
    assert got["share"] == scalar_hex(share)
    assert (
        got["encrypted"]
        == encrypted.to_json()
        == {
            "from": 1,
            "to": 2,
            "ephemeral": "9e75fbd05f7fe2a64c1f11da10be423544e362fba7ceb619ae00b1b8a8af9a69",
            "masked": "36a49c5e373dc7f21995cd420fd2415319be98185e1d3c8a7fad34492ede9f09",
        }
    )
    assert got["shared"] == "7405c044ca34bdc100141cd0c631aaea119296dad3913251eb2c840961320c74"
    k2 = keys[1][0]
    shared = encrypted.ephemeral * k2.secret
    framed = hash_input("share", CONTEXT, 1, 2, k2.public, encrypted.ephemeral, shared)
    assert got["framed"] == framed.hex() and len(framed) == 201
    assert got["mask"] == "52f975e9d34bc6972dd087b4d9291c3a6880cb672fc72796cd4049c65d2d9303"
    assert got["received"] == scalar_hex(share)


def _ceremony() -> tuple[list[CeremonyKey], Any, Commitment]:
    """Fresh ceremony keys for trustees 1..3 and trustee 1's 2-of-3 dealing."""
    keys = [make_ceremony_key(CONTEXT, j)[0] for j in (1, 2, 3)]
    polynomial, commitment = deal(1, 2, 3, CONTEXT)
    return keys, polynomial, commitment


def _open(key: CeremonyKey, sealed: list[Any], commitment: Commitment, context: str = CONTEXT):
    return bridge(
        "channel_open",
        context=context,
        secret=scalar_hex(key.secret),
        sealed=sealed,
        commitment=commitment.to_json(),
    )["opened"]


def test_python_seals_and_the_browser_opens() -> None:
    require_node()
    keys, polynomial, commitment = _ceremony()
    sealed = [
        encrypt_share(share_for(polynomial, j), CONTEXT, 1, j, keys[j - 1].public).to_json()
        for j in (2, 3)
    ]
    assert _open(keys[1], sealed[:1], commitment) == [
        {"share": scalar_hex(share_for(polynomial, 2))}
    ]
    assert _open(keys[2], sealed[1:], commitment) == [
        {"share": scalar_hex(share_for(polynomial, 3))}
    ]


def test_the_browser_seals_and_python_opens() -> None:
    require_node()
    keys, polynomial, commitment = _ceremony()
    share = share_for(polynomial, 3)
    sealed = bridge(
        "channel_seal",
        share=scalar_hex(share),
        context=CONTEXT,
        dealer=1,
        recipient=3,
        recipient_key=keys[2].public.hex(),
    )
    encrypted = EncryptedShare.from_json(sealed)
    assert receive_share(encrypted, CONTEXT, keys[2], commitment) == share
    # Fresh e each time: the same share sealed twice looks different to the server.
    again = bridge(
        "channel_seal",
        share=scalar_hex(share),
        context=CONTEXT,
        dealer=1,
        recipient=3,
        recipient_key=keys[2].public.hex(),
    )
    assert again["masked"] != sealed["masked"]
    assert again["ephemeral"] != sealed["ephemeral"]
    assert receive_share(EncryptedShare.from_json(again), CONTEXT, keys[2], commitment) == share


def test_the_browsers_ceremony_key_passes_pythons_check_for_its_place_only() -> None:
    require_node()
    made = bridge("channel_key", context=CONTEXT, trustee=2)
    public, proof = Point.from_hex(made["public"]), Proof.from_json(made["proof"])
    assert base_mul(scalar_from_hex(made["secret"])) == public
    assert ceremony_key_faults(public, proof, CONTEXT, 2) == []
    assert ceremony_key_faults(public, proof, CONTEXT, 1) != []
    assert ceremony_key_faults(public, proof, "other-ceremony", 2) != []


def test_the_browser_refuses_what_python_refuses() -> None:
    require_node()
    keys, polynomial, commitment = _ceremony()
    good = encrypt_share(share_for(polynomial, 2), CONTEXT, 1, 2, keys[1].public)
    for_three = encrypt_share(share_for(polynomial, 3), CONTEXT, 1, 3, keys[2].public)
    _, other_dealer = deal(3, 2, 3, CONTEXT)
    tampered = [
        EncryptedShare(1, 2, good.ephemeral, (good.masked + 1) % L),  # the masked share nudged
        EncryptedShare(1, 2, good.ephemeral + G, good.masked),  # the ephemeral point moved
        EncryptedShare(1, 2, for_three.ephemeral, for_three.masked),  # 3's share, relabelled
    ]
    # Python refuses each; so does the browser (null: complain about dealer 1).
    for e in tampered:
        assert receive_share(e, CONTEXT, keys[1], commitment) is None
    assert _open(keys[1], [e.to_json() for e in tampered], commitment) == [{"share": None}] * 3
    # Trustee 2 opening trustee 3's share as it was sent, under its own key: refused.
    assert receive_share(for_three, CONTEXT, keys[1], commitment) is None
    three_as_sent = for_three.to_json()
    assert _open(keys[1], [three_as_sent], commitment) == [{"share": None}]
    # The right share under another ceremony's context, or against another dealer: refused.
    assert receive_share(good, "other-ceremony", keys[1], commitment) is None
    assert _open(keys[1], [good.to_json()], commitment, "other-ceremony") == [{"share": None}]
    assert receive_share(good, CONTEXT, keys[1], other_dealer) is None
    assert _open(keys[1], [good.to_json()], other_dealer) == [{"share": None}]
    # The untouched share still opens: the refusals above are the tampering, not the browser.
    assert _open(keys[1], [good.to_json()], commitment) == [
        {"share": scalar_hex(share_for(polynomial, 2))}
    ]


def test_the_browser_refuses_malformed_relayed_json() -> None:
    require_node()
    keys, polynomial, commitment = _ceremony()
    data = encrypt_share(share_for(polynomial, 2), CONTEXT, 1, 2, keys[1].public).to_json()
    identity = "00" * 32
    bad = [
        {**data, "extra": 1},
        {**data, "to": True},
        {**data, "from": 0},
        {**data, "masked": "ff" * 32},
        {**data, "ephemeral": "ff" * 32},
        {k: v for k, v in data.items() if k != "masked"},
    ]
    opened = _open(keys[1], bad, commitment)
    assert all("refused" in o for o in opened), opened
    # The identity as E is a valid encoding but a known mask: opened to nothing.
    assert _open(keys[1], [{**data, "ephemeral": identity}], commitment) == [{"share": None}]
