"""What a reader of the database learns of a verifiable election, on both engines.

Members vote (browser ballots and one the server encrypted) and voting closes. The attacker
reads every row of every table. The roll says who voted; the box holds ciphertexts and
proofs, no candidate id; and no 64-hex value anywhere in the database is the election's
secret key, a trustee's key share (g^s is neither the joint key nor any trustee's
verification key), or the randomness of the server-encrypted ballot. So the database alone
cannot decrypt any ballot, not even the one whose approvals the server once saw.
"""

from __future__ import annotations

import json

from governance.db import fetch_rows
from governance.elections.tables import Election
from governance.elections.verifiable import loaded
from governance.members.tables import Body
from governance.verifiable.elgamal import Ciphertext, encrypt
from governance.verifiable.group import EncodingError, Point, base_mul, scalar_from_hex
from tests.helpers import Api
from tests.web.elections.test_verifiable_election import _ballot, _call, _close, _open
from tests.web.verifiable.journey import board_with_key
from tests.web.verifiable.test_motion_attacks import _all_text, _hex_tokens

ORG = "acme"


async def test_a_database_reader_cannot_open_a_verifiable_election_ballot(api: Api) -> None:
    await board_with_key(api)
    await Body.update({Body.seats: 7}).where(Body.slug == "board")
    for name in ("kim", "lee"):
        await api.add_member(ORG, name, by="ada")
    called = await _call(api)
    assert called.status_code == 201, called.text
    eid = called.json()["id"]
    for name in ("kim", "lee"):
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={"member_id": api.people[name].member_id},
        )
        assert stood.status_code == 201, stood.text
    await _open(eid)
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "chair")).json()
    kim, lee = view["verifiable"]["candidates"]
    for voter, approve in (("chair", [kim]), ("secretary", [lee]), ("d1", [kim, lee])):
        cast = await api.post(
            f"/orgs/{ORG}/elections/{eid}/ballots", voter, json={"ballot": _ballot(view, approve)}
        )
        assert cast.status_code == 201, cast.text
    served = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots",
        "d2",
        json={"approve": [kim], "server_encrypt": True},
    )
    assert served.status_code == 201, served.text
    await _close(eid)
    closed = (await api.get(f"/orgs/{ORG}/elections/{eid}", "chair")).json()
    assert closed["phase"] == "decrypting"

    engine = api.runtime.engine
    box = await fetch_rows(
        engine, "SELECT ballot, server_encrypted FROM verifiable_election_ballot"
    )
    roll = await fetch_rows(engine, "SELECT membership FROM election_roll")
    assert len(box) == len(roll) == 4
    server_ballot = None
    for text, server_encrypted in box:
        assert kim not in text and lee not in text
        if server_encrypted:
            server_ballot = json.loads(text)
    assert server_ballot is not None

    keys = await loaded(eid)
    secret_images = {keys.keys.election_key, *keys.keys.verification_keys.values()}
    y = keys.keys.election_key
    alphas = [Point.from_hex(o["alpha"]) for o in server_ballot["choices"]]
    betas = [Point.from_hex(o["beta"]) for o in server_ballot["choices"]]
    tried = 0
    for token in _hex_tokens(await _all_text(api)):
        try:
            s = scalar_from_hex(token)
        except EncodingError:
            continue
        if s == 0:
            continue
        tried += 1
        image = base_mul(s)
        assert image not in secret_images  # not the key, not a trustee's share
        assert image not in alphas  # not the server-encrypted ballot's randomness
        for alpha, beta in zip(alphas, betas, strict=True):
            for m in (0, 1):
                assert encrypt(y, m, s) != Ciphertext(alpha, beta)
    assert tried > 50  # the proofs' scalars are there, and none of them is a secret
    # The election stays undecided: nothing in the database counted it.
    row = await Election.select(Election.result).where(Election.id == eid).first()
    assert row is not None and row["result"] is None
