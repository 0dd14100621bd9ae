"""A body's key ceremony over HTTP, on every engine, with Python playing each trustee's browser.

The admin names three trustees, 2 of 3; each makes a ceremony key, deals its polynomial with
an encrypted share for each other trustee, unmasks the shares it is sent and checks them, and
accepts. The server stores the joint key, and a tally encrypted under that key is decrypted
by two of the three trustees: the public values the server kept are the right ones. Then the
attacks: a non-trustee's dealing, a bad proof, a tampered share, and the database reader who
combines everything stored.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from governance.audit.tables import AuditEntry
from governance.db import fetch_rows
from governance.verifiable.channel import make_ceremony_key
from governance.verifiable.elgamal import add_all, discrete_log, encrypt_random
from governance.verifiable.group import L, Point, base_mul, scalar_from_hex, scalar_hex
from governance.verifiable.threshold import (
    Commitment,
    combine,
    key_share,
    lagrange_at_zero,
    partial_decrypt,
    share_for,
    verification_key,
    verify_partial,
)
from tests.helpers import Api
from tests.web.trustees.browser import (
    Browser,
    browsers_for,
    dealing_payload,
    key_payload,
    receive,
    submit_keys,
)

ORG = "peers"
BASE = f"/orgs/{ORG}/bodies/board/trustees"
TRUSTEES = ["tia", "tom", "tess"]


async def _org(api: Api) -> None:
    await api.platform_admin()
    await api.org(ORG)
    await api.add_member(ORG, "ada", by="root", roles=["admin"])
    made = await api.post(
        f"/orgs/{ORG}/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 5,
              "lived_experience_quota": 0},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    for name in [*TRUSTEES, "nora"]:
        await api.add_member(ORG, name, by="ada")


async def _name(api: Api, names: list[str] = TRUSTEES, threshold: int = 2) -> dict[str, Any]:
    response = await api.post(
        BASE,
        "ada",
        json={"member_ids": [api.people[n].member_id for n in names], "threshold": threshold},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _submit_keys(api: Api, state: dict[str, Any]) -> dict[str, Browser]:
    return await submit_keys(api, BASE, state)


def _dealing(state: dict[str, Any], browser: Browser) -> dict[str, Any]:
    return dealing_payload(state, browser)


async def _receive(api: Api, state: dict[str, Any], browser: Browser) -> list[int]:
    return await receive(api, BASE, state, browser)


async def _state(api: Api, who: str = "nora") -> dict[str, Any]:
    got = await api.get(BASE, who)
    assert got.status_code == 200, got.text
    return dict(got.json())


async def test_a_two_of_three_ceremony_gives_a_key_two_trustees_decrypt_under(api: Api) -> None:
    await _org(api)
    assert (await _state(api))["status"] == "none"
    named = await _name(api)
    assert (named["status"], named["threshold"], named["trustee_count"]) == (
        "collecting_keys", 2, 3,
    )  # fmt: skip
    assert [t["index"] for t in named["trustees"]] == [1, 2, 3]
    assert [t["display_name"] for t in named["trustees"]] == ["Tia", "Tom", "Tess"]

    browsers = await _submit_keys(api, named)
    state = await _state(api)
    assert state["status"] == "dealing"
    # Accepting before everyone dealt is refused.
    early = await api.post(f"{BASE}/me/accept", "tia")
    assert early.status_code == 409, early.text

    for name in TRUSTEES:
        posted = await api.post(f"{BASE}/me/dealing", name, json=_dealing(state, browsers[name]))
        assert posted.status_code == 200, posted.text
    state = await _state(api)
    assert [t["status"] for t in state["trustees"]] == ["dealt"] * 3
    again = await api.post(
        f"{BASE}/me/dealing", "tom", json=_dealing(state, Browser("tom", 2, browsers["tom"].key))
    )
    assert again.status_code == 409

    for name in TRUSTEES:
        assert await _receive(api, state, browsers[name]) == []
        assert len(browsers[name].received) == 3
        accepted = await api.post(f"{BASE}/me/accept", name)
        assert accepted.status_code == 200, accepted.text
    state = await _state(api, "nora")
    assert state["status"] == "complete"
    y = Point.from_hex(state["joint_public_key"])
    commitments = [Commitment.from_json(t["commitment"]) for t in state["trustees"]]
    for b in browsers.values():  # every trustee's share matches its public verification key
        assert base_mul(b.x) == verification_key(commitments, b.index)

    # A tally under the stored key, decrypted by any two of the three.
    votes = [1, 1, 0, 1, 1]
    tally = add_all(encrypt_random(y, v)[0] for v in votes)
    by_index = {b.index: b for b in browsers.values()}
    election = "peers/motion-1"
    for pair in itertools.combinations(sorted(by_index), 2):
        partials = [partial_decrypt(by_index[j].x, j, y, tally, election, "yes") for j in pair]
        for p in partials:
            assert verify_partial(
                p, verification_key(commitments, p.trustee), y, tally, election, "yes"
            )
        assert discrete_log(combine(tally, partials, 2), bound=10) == sum(votes)

    actions = [
        r["action"]
        for r in await AuditEntry.select(AuditEntry.action).where(
            AuditEntry.action.like("ceremony.%") | (AuditEntry.action == "trustees.named")
        )
    ]
    assert sorted(actions) == sorted(
        ["trustees.named"]
        + ["ceremony.key_submitted"] * 3
        + ["ceremony.dealt"] * 3
        + ["ceremony.shares_accepted"] * 3
        + ["ceremony.completed"]
    )
    completed = await AuditEntry.select().where(AuditEntry.action == "ceremony.completed")
    assert y.hex() in completed[0]["data"]
    # A complete key is in use: naming trustees again is refused.
    refused = await api.post(
        BASE, "ada", json={"member_ids": [api.people["nora"].member_id], "threshold": 1}
    )
    assert refused.status_code == 409, refused.text

    # --- the database reader's attack: everything stored, combined, opens nothing ---------
    await _database_holds_nothing_that_decrypts(api, browsers, y, tally, sum(votes))


async def _database_holds_nothing_that_decrypts(
    api: Api, browsers: dict[str, Browser], y: Point, tally: Any, count: int
) -> None:
    engine = api.runtime.engine
    x = key_share({b.index: b.polynomial.at(0) for b in browsers.values()})  # type: ignore[union-attr]
    assert base_mul(x) == y  # the secret the attacker wants (no one holds it)
    shares = await fetch_rows(
        engine, "SELECT dealer, recipient, ephemeral, masked FROM encrypted_share"
    )
    trustees = await fetch_rows(engine, "SELECT public_key, key_proof, commitment FROM trustee")
    ceremony = await fetch_rows(engine, "SELECT context, joint_key FROM ceremony")
    assert len(shares) == 6 and len(trustees) == 3
    # Every stored value is a 64-hex point or scalar, or JSON of them: nothing else.
    stored_scalars = [scalar_from_hex(r[3]) for r in shares]
    points = [Point.from_hex(r[2]) for r in shares] + [Point.from_hex(r[0]) for r in trustees]
    for row in trustees:  # a commitment is points and a proof; nothing else is kept
        stored = json.loads(row[2])
        assert set(stored) == {"trustee", "coefficients", "proof"}
        points += list(Commitment.from_json(stored).coefficients)
    # Candidate secrets an attacker might try: each masked value, their sums per recipient,
    # the sum of all, and the interpolation of per-recipient sums as if they were key shares.
    candidates = set(stored_scalars)
    candidates.add(sum(stored_scalars) % L)
    per_recipient: dict[int, int] = {}
    for r in shares:
        per_recipient[r[1]] = (per_recipient.get(r[1], 0) + scalar_from_hex(r[3])) % L
    candidates |= set(per_recipient.values())
    lam = lagrange_at_zero(sorted(per_recipient))
    candidates.add(sum(per_recipient[j] * lam[j] for j in per_recipient) % L)
    # The proof responses and challenges stored are scalars too.
    for row in trustees:
        for proof in (json.loads(row[1]), json.loads(row[2])["proof"]):
            candidates |= {scalar_from_hex(proof["challenge"]), scalar_from_hex(proof["response"])}
    assert x not in candidates
    for k in candidates:
        assert base_mul(k) != y
        # Nor does any candidate open the tally.
        assert discrete_log(tally.beta - tally.alpha * k, bound=50) != count
    # No trustee's key share is stored either, nor any dealt share in the clear.
    clear = {b.x for b in browsers.values()} | {
        share_for(b.polynomial, j)  # type: ignore[arg-type]
        for b in browsers.values()
        for j in (1, 2, 3)
    }
    assert not clear & candidates
    assert all(not p.is_identity for p in points)
    assert ceremony[0][1] == y.hex()


async def test_attacks_a_non_trustee_a_bad_proof_and_a_tampered_share(api: Api) -> None:
    await _org(api)
    state = await _name(api)
    # Not a trustee: no key, no dealing, no shares.
    outsider_key, proof = make_ceremony_key(state["context"], 1)
    posted = await api.post(
        f"{BASE}/me/key", "nora",
        json={"public_key": outsider_key.public.hex(), "proof": proof.to_json()},
    )  # fmt: skip
    assert posted.status_code == 403, posted.text
    # A proof made for another trustee's place (tom is 2; this proves for 1): 400, nothing kept.
    wrong = await api.post(
        f"{BASE}/me/key", "tom",
        json={"public_key": outsider_key.public.hex(), "proof": proof.to_json()},
    )  # fmt: skip
    assert wrong.status_code == 400, wrong.text
    assert wrong.json()["field"] == "proof"
    assert (await _state(api))["trustees"][1]["public_key"] is None
    # The identity as a key is refused.
    ident = await api.post(
        f"{BASE}/me/key", "tom", json={"public_key": "00" * 32, "proof": proof.to_json()}
    )
    assert ident.status_code == 400

    browsers = await _submit_keys(api, state)
    state = await _state(api)
    dealing = _dealing(state, browsers["tia"])
    assert (await api.post(f"{BASE}/me/dealing", "nora", json=dealing)).status_code == 403
    # A bad proof of knowledge: 400, and nothing stored (no commitment, no shares).
    nudged = {**dealing, "proof": {**dealing["proof"], "response": scalar_hex(
        (scalar_from_hex(dealing["proof"]["response"]) + 1) % L)}}  # fmt: skip
    bad = await api.post(f"{BASE}/me/dealing", "tia", json=nudged)
    assert bad.status_code == 400, bad.text
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["field"] == "proof"
    # A malformed ephemeral, a missing share, a share to oneself: 400 naming the field.
    broken = {**dealing, "shares": [{**dealing["shares"][0], "ephemeral": "ff" * 32},
                                    dealing["shares"][1]]}  # fmt: skip
    response = await api.post(f"{BASE}/me/dealing", "tia", json=broken)
    assert (response.status_code, response.json()["field"]) == (400, "shares[0].ephemeral")
    short = {**dealing, "shares": dealing["shares"][:1]}
    assert (await api.post(f"{BASE}/me/dealing", "tia", json=short)).status_code == 400
    to_self = {**dealing, "shares": [{**dealing["shares"][0], "to": 1}, dealing["shares"][1]]}
    response = await api.post(f"{BASE}/me/dealing", "tia", json=to_self)
    assert (response.status_code, response.json()["field"]) == (400, "shares[0].to")
    identity = {**dealing, "shares": [{**dealing["shares"][0], "ephemeral": "00" * 32},
                                      dealing["shares"][1]]}  # fmt: skip
    assert (await api.post(f"{BASE}/me/dealing", "tia", json=identity)).status_code == 400
    engine = api.runtime.engine
    assert await fetch_rows(engine, "SELECT 1 FROM encrypted_share") == []
    assert (await _state(api))["trustees"][0]["commitment"] is None
    assert await AuditEntry.count().where(AuditEntry.action == "ceremony.dealt") == 0

    # Tia deals a share to Tom that does not match her commitments: Tom's check fails, he
    # complains, and the ceremony fails naming Tia.
    tampered = _dealing(state, browsers["tia"])
    for share in tampered["shares"]:
        if share["to"] == 2:
            share["masked"] = scalar_hex((scalar_from_hex(share["masked"]) + 1) % L)
    assert (await api.post(f"{BASE}/me/dealing", "tia", json=tampered)).status_code == 200
    for name in ("tom", "tess"):
        posted = await api.post(f"{BASE}/me/dealing", name, json=_dealing(state, browsers[name]))
        assert posted.status_code == 200, posted.text
    state = await _state(api)
    assert await _receive(api, state, browsers["tess"]) == []
    assert await _receive(api, state, browsers["tom"]) == [1]
    complained = await api.post(f"{BASE}/me/complain", "tom", json={"from": 1})
    assert complained.status_code == 200, complained.text
    failed = complained.json()
    assert (failed["status"], failed["failure"]) == ("failed", {"reason": "complaint", "dealer": 1})
    assert failed["joint_public_key"] is None
    late = await api.post(f"{BASE}/me/accept", "tess")
    assert late.status_code == 409
    assert await AuditEntry.count().where(AuditEntry.action == "ceremony.failed") == 1

    # The admin names trustees again: a new attempt with a new context.
    again = await _name(api)
    assert again["attempt"] == 2 and again["context"] != state["context"]
    assert again["status"] == "collecting_keys"


async def test_naming_is_checked_and_an_unfinished_ceremony_is_replaced(api: Api) -> None:
    await _org(api)
    ids = [api.people[n].member_id for n in TRUSTEES]
    for body, field_name in (
        ({"member_ids": ids, "threshold": 4}, "threshold"),
        ({"member_ids": ids, "threshold": 0}, "threshold"),
        ({"member_ids": [ids[0], ids[0]], "threshold": 1}, "member_ids"),
        ({"member_ids": [], "threshold": 1}, "member_ids"),
        ({"member_ids": ["nobody"], "threshold": 1}, "member_ids"),
        ({"member_ids": [f"m{i}" for i in range(16)], "threshold": 1}, "member_ids"),
    ):
        response = await api.post(BASE, "ada", json=body)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["field"] == field_name
    assert (
        await api.post(BASE, "tia", json={"member_ids": ids, "threshold": 2})
    ).status_code == 403
    assert (await _state(api))["status"] == "none"
    first = await _name(api)
    second = await _name(api, ["tia", "nora"], 1)
    assert second["attempt"] == 2 and second["trustee_count"] == 2
    # Tess was a trustee of the replaced ceremony only.
    assert (await api.get(f"{BASE}/me/shares", "tess")).status_code == 403
    named = await AuditEntry.select().where(AuditEntry.action == "trustees.named")
    assert len(named) == 2
    assert sorted(str(json.loads(e["data"])["replaces"]) for e in named) == sorted(
        ["None", first["ceremony"]]
    )
    # A 1-of-2 ceremony: one share each way, and either trustee alone holds the whole key.
    browsers = await _submit_keys(api, second)
    state = await _state(api)
    for name in ("tia", "nora"):
        posted = await api.post(f"{BASE}/me/dealing", name, json=_dealing(state, browsers[name]))
        assert posted.status_code == 200, posted.text
    dealt = await _state(api)
    for name in ("tia", "nora"):
        assert await _receive(api, dealt, browsers[name]) == []
        assert (await api.post(f"{BASE}/me/accept", name)).status_code == 200
    done = await _state(api)
    assert done["status"] == "complete"
    y = Point.from_hex(done["joint_public_key"])
    for b in browsers.values():
        assert base_mul(b.x) == y  # t = 1: each key share is the secret itself


async def test_racing_trustees_complete_the_key_once(api: Api) -> None:
    """Keys, dealings and acceptances sent at the same moment: each is counted once, the
    ceremony moves on exactly once, and the audit chain verifies."""
    await _org(api)
    state = await _name(api)
    browsers = browsers_for(api, state)
    sent = await asyncio.gather(
        *(
            api.post(f"{BASE}/me/key", name, json=key_payload(state, b))
            for name, b in browsers.items()
        )
    )
    assert [r.status_code for r in sent] == [200] * 3
    state = await _state(api)
    assert state["status"] == "dealing"
    payloads = {name: _dealing(state, b) for name, b in browsers.items()}
    dealt = await asyncio.gather(
        *(api.post(f"{BASE}/me/dealing", name, json=p) for name, p in payloads.items()),
        api.post(f"{BASE}/me/dealing", "tia", json=payloads["tia"]),  # the same dealing twice
    )
    assert sorted(r.status_code for r in dealt) == [200, 200, 200, 409]
    state = await _state(api)
    for b in browsers.values():
        assert await _receive(api, state, b) == []
    accepted = await asyncio.gather(*(api.post(f"{BASE}/me/accept", n) for n in browsers))
    assert [r.status_code for r in accepted] == [200] * 3
    assert (await _state(api))["status"] == "complete"
    assert await AuditEntry.count().where(AuditEntry.action == "ceremony.completed") == 1
    assert await AuditEntry.count().where(AuditEntry.action == "ceremony.dealt") == 3
    assert len(await fetch_rows(api.runtime.engine, "SELECT 1 FROM encrypted_share")) == 6
    verify = await api.get(f"/orgs/{ORG}/audit/verify", "ada")
    assert verify.json()["ok"] is True, verify.text
