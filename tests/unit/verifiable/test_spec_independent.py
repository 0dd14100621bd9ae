"""docs/VERIFY.md is enough: a verifier written from the document alone accepts our ballots.

The checks use only hashlib, json and libsodium's raw ristretto255 calls - none of
governance's helpers, which only make the ballots and keys - so a drift between the code and
the document fails here.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re

import pysodium

from governance.verifiable.ballot import encrypt_approval_ballot, encrypt_motion_ballot, tracker
from governance.verifiable.elgamal import add_all, encrypt_random, keygen
from governance.verifiable.group import Point
from governance.verifiable.threshold import deal, key_share, partial_decrypt, share_for
from tests.unit.verifiable.seeded import SeededRng

L = 2**252 + 27742317777372353535851937790883648493
ZERO = bytes(32)


def point(text: str) -> bytes:
    assert re.fullmatch(r"[0-9a-f]{64}", text)
    raw = bytes.fromhex(text)
    assert pysodium.crypto_core_ristretto255_is_valid_point(raw)
    return raw


def scalar(text: str) -> int:
    assert re.fullmatch(r"[0-9a-f]{64}", text)
    k = int.from_bytes(bytes.fromhex(text), "little")
    assert k < L
    return k


def mul(k: int, p: bytes) -> bytes:
    k %= L
    if k == 0 or p == ZERO:
        return ZERO
    return pysodium.crypto_scalarmult_ristretto255(k.to_bytes(32, "little"), p)


def gmul(k: int) -> bytes:
    k %= L
    return (
        ZERO if k == 0 else pysodium.crypto_scalarmult_ristretto255_base(k.to_bytes(32, "little"))
    )


def add(p: bytes, q: bytes) -> bytes:
    return pysodium.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return pysodium.crypto_core_ristretto255_sub(p, q)


def challenge(tag: str, *items: bytes | str | int) -> int:
    parts = [b"governance.verifiable.v1", tag.encode(), b"ristretto255"]
    for item in items:
        if isinstance(item, str):
            parts.append(item.encode())
        elif isinstance(item, int):
            parts.append(item.to_bytes(8, "big"))
        else:
            parts.append(item)
    data = b"".join(len(p).to_bytes(4, "big") + p for p in parts)
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % L


def range_ok(y: bytes, alpha: bytes, beta: bytes, proof: list, lo: int, hi: int, ctx: str) -> bool:
    if len(proof) != hi - lo + 1:
        return False
    commitments: list[bytes] = []
    total = 0
    for j, pair in enumerate(proof):
        c, s = scalar(pair["challenge"]), scalar(pair["response"])
        commitments.append(sub(gmul(s), mul(c, alpha)))
        commitments.append(sub(mul(s, y), mul(c, sub(beta, gmul(lo + j)))))
        total += c
    return total % L == challenge("range", ctx, y, alpha, beta, lo, hi, *commitments)


def ballot_ok(b: dict, y: bytes, election: str, options: int, lo: int, hi: int) -> bool:
    if set(b) != {"version", "election", "kind", "choices", "sum_proof"} or b["version"] != 1:
        return False
    if b["election"] != election or len(b["choices"]) != options:
        return False
    sum_a, sum_b = ZERO, ZERO
    for k, option in enumerate(b["choices"]):
        alpha, beta = point(option["alpha"]), point(option["beta"])
        if not range_ok(y, alpha, beta, option["proof"], 0, 1, f"{election}/ballot/choice/{k}"):
            return False
        sum_a, sum_b = add(sum_a, alpha), add(sum_b, beta)
    return range_ok(y, sum_a, sum_b, b["sum_proof"], lo, hi, f"{election}/ballot/sum")


def doc_tracker(b: dict) -> str:
    canonical = json.dumps(b, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def test_the_document_alone_verifies_our_motion_ballot_and_its_tracker() -> None:
    _, y = keygen(SeededRng("doc"))
    ballot, _ = encrypt_motion_ballot(y, "org/motion-1", "abstain", SeededRng("doc-ballot"))
    data = ballot.to_json()
    assert ballot_ok(data, y.raw, "org/motion-1", 3, 1, 1)
    assert doc_tracker(data) == tracker(ballot)
    assert not ballot_ok(data, y.raw, "org/motion-2", 3, 1, 1)
    bad = copy.deepcopy(data)
    bad["choices"][0], bad["choices"][2] = bad["choices"][2], bad["choices"][0]
    assert not ballot_ok(bad, y.raw, "org/motion-1", 3, 1, 1)


def test_the_document_alone_verifies_an_approval_ballot() -> None:
    _, y = keygen(SeededRng("doc"))
    ballot, _ = encrypt_approval_ballot(y, "org/election-4", [False, True, True], 1, 2)
    assert ballot_ok(ballot.to_json(), y.raw, "org/election-4", 3, 1, 2)
    assert not ballot_ok(ballot.to_json(), y.raw, "org/election-4", 3, 0, 2)


def test_the_document_alone_checks_the_key_ceremony_and_a_decryption() -> None:
    rng = SeededRng("doc-dkg")
    dealt = [deal(i, 2, 3, "org/motion-5", rng) for i in (1, 2, 3)]
    published = [c.to_json() for _, c in dealt]
    # Section 6: check each commitment's Schnorr proof, recompute y and X_j.
    y = ZERO
    for c in published:
        coefficients = [point(a) for a in c["coefficients"]]
        ch, rs = scalar(c["proof"]["challenge"]), scalar(c["proof"]["response"])
        commitment = sub(gmul(rs), mul(ch, coefficients[0]))
        context = f"org/motion-5/trustee/{c['trustee']}/coefficient"
        assert ch == challenge("pok", context, coefficients[0], commitment)
        y = add(y, coefficients[0])

    def verification_key(j: int) -> bytes:
        total = ZERO
        for c in published:
            for k, a in enumerate(c["coefficients"]):
                total = add(total, mul(j**k, point(a)))
        return total

    shares = {j: key_share({p.trustee: share_for(p, j) for p, _ in dealt}) for j in (1, 2, 3)}
    ct = add_all(encrypt_random(Point(y), v, rng)[0] for v in (1, 1, 0, 1))
    alpha, beta = ct.alpha.raw, ct.beta.raw
    # Section 5.3 and 8: verify trustees 2 and 3's partials, combine, check the count.
    factors = {}
    for j in (2, 3):
        p = partial_decrypt(shares[j], j, Point(y), ct, "org/motion-5", "yes", rng).to_json()
        d = point(p["factor"])
        ch, rs = scalar(p["proof"]["challenge"]), scalar(p["proof"]["response"])
        x_j = verification_key(j)
        a = sub(gmul(rs), mul(ch, x_j))
        b = sub(mul(rs, alpha), mul(ch, d))
        context = f"org/motion-5/trustee/{j}/decrypt/yes"
        assert ch == challenge("decrypt", context, y, x_j, alpha, beta, d, a, b)
        factors[j] = d
    lam2 = 3 * pow(3 - 2, -1, L) % L
    lam3 = 2 * pow(2 - 3, -1, L) % L
    f = add(mul(lam2, factors[2]), mul(lam3, factors[3]))
    assert sub(beta, f) == gmul(3)
