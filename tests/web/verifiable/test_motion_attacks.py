"""What the server refuses on a verifiable motion, and what a reader of the database learns.

A ballot with a bad proof, a second ballot, a ballot replayed from another motion, a
non-trustee's decryption and a bad partial are refused, and a refused request stores nothing.
After the close, every row of the verifiable box and the roll is read as an attacker with the
database would: only points, proofs and ids; no choice; and no scalar anywhere in any table
is the randomness of the ballot the server encrypted.
"""

from __future__ import annotations

import json
from typing import Any

from governance.db import fetch_rows
from governance.verifiable.ballot import MOTION_CHOICES
from governance.verifiable.elgamal import Ciphertext, encrypt
from governance.verifiable.group import (
    EncodingError,
    L,
    Point,
    base_mul,
    scalar_from_hex,
    scalar_hex,
)
from tests.helpers import Api
from tests.web.verifiable.journey import (
    board_with_key,
    browser_ballot,
    open_verifiable,
    partials_of,
)

HEX = set("0123456789abcdef")


async def _stored(api: Api) -> tuple[int, int, int]:
    engine = api.runtime.engine
    ballots = await fetch_rows(engine, "SELECT COUNT(*) FROM verifiable_ballot")
    roll = await fetch_rows(engine, "SELECT COUNT(*) FROM ballot_roll")
    audit = await fetch_rows(engine, "SELECT COUNT(*) FROM audit_entry")
    return int(ballots[0][0]), int(roll[0][0]), int(audit[0][0])


def _bad_proof(ballot: dict[str, Any]) -> dict[str, Any]:
    """The ballot with one response of its first option's 0-or-1 proof moved by one."""
    tampered = json.loads(json.dumps(ballot))
    first = tampered["choices"][0]["proof"][0]
    first["response"] = scalar_hex((scalar_from_hex(first["response"]) + 1) % L)
    return tampered


async def test_bad_ballots_a_second_ballot_and_a_replay_are_refused(api: Api) -> None:
    board, _, meeting_id = await board_with_key(api)
    motion_id, verifiable = await open_verifiable(board, meeting_id)
    other_id, other = await open_verifiable(board, meeting_id)
    before = await _stored(api)

    bad = await board.do(
        motion_id, "votes", "d1", ballot=_bad_proof(browser_ballot(verifiable, "yes"))
    )
    assert bad.status_code == 400, bad.text
    assert bad.json()["field"] == "ballot" and "does not hold" in bad.json()["detail"]
    # A ballot for the other motion (its own context E) is refused here.
    replayed = await board.do(motion_id, "votes", "d1", ballot=browser_ballot(other, "yes"))
    assert replayed.status_code == 400, replayed.text
    assert "not this vote" in replayed.json()["detail"]
    plain = await board.do(motion_id, "votes", "d1", choice="yes")
    assert plain.status_code == 400, plain.text
    assert await _stored(api) == before  # nothing of a refused ballot is kept

    good = browser_ballot(verifiable, "no")
    first = await board.do(motion_id, "votes", "d1", ballot=good)
    assert first.status_code == 201, first.text
    second = await board.do(motion_id, "votes", "d1", ballot=browser_ballot(verifiable, "yes"))
    assert second.status_code == 409, second.text
    encrypted = await board.do(motion_id, "votes", "d1", choice="yes", server_encrypt=True)
    assert encrypted.status_code == 409, encrypted.text
    # Another voter sending d1's ballot as it was: refused as a copy, not counted twice.
    copied = await board.do(motion_id, "votes", "d2", ballot=good)
    assert copied.status_code == 409, copied.text
    assert await _stored(api) == (before[0] + 1, before[1] + 1, before[2] + 1)
    # The other motion still takes its own ballot.
    own = await board.do(other_id, "votes", "d1", ballot=browser_ballot(other, "yes"))
    assert own.status_code == 201, own.text


async def _all_text(api: Api) -> str:
    """Every row of every table, as text: what a database reader has."""
    engine = api.runtime.engine
    if engine.engine_type == "sqlite":
        names = [
            r[0]
            for r in await fetch_rows(engine, "SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    else:
        names = [
            r[0]
            for r in await fetch_rows(
                engine,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            )
        ]
    out = []
    for name in names:
        for row in await fetch_rows(engine, f'SELECT * FROM "{name}"'):  # noqa: S608 - names from the catalogue
            out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def _hex_tokens(text: str) -> set[str]:
    tokens = set()
    word = []
    for ch in text + " ":
        if ch in HEX:
            word.append(ch)
            continue
        if len(word) >= 64:
            joined = "".join(word)
            tokens |= {joined[i : i + 64] for i in range(0, len(joined) - 63)}
        word = []
    return tokens


async def test_a_database_reader_recovers_no_choice_and_no_randomness(api: Api) -> None:
    board, browsers, meeting_id = await board_with_key(api)
    motion_id, verifiable = await open_verifiable(board, meeting_id)
    y = Point.from_hex(verifiable["election_key"])
    for name, choice in (("chair", "yes"), ("secretary", "no"), ("d1", "abstain"), ("d3", "yes")):
        cast = await board.do(motion_id, "votes", name, ballot=browser_ballot(verifiable, choice))
        assert cast.status_code == 201, cast.text
    served = await board.do(motion_id, "votes", "d2", choice="no", server_encrypt=True)
    assert served.status_code == 201, served.text
    closed = await board.do(motion_id, "close-vote", "chair")
    assert closed.json()["status"] == "decrypting"

    engine = api.runtime.engine
    box = await fetch_rows(
        engine, "SELECT id, motion, ballot, tracker, server_encrypted FROM verifiable_ballot"
    )
    roll = await fetch_rows(engine, "SELECT * FROM ballot_roll")
    assert len(box) == len(roll) == 5
    for row in roll:  # id, motion, member, and an empty receipt check: who, never how
        assert set(str(v) for v in row if v is not None) <= {
            str(row[0]),
            motion_id,
            *(board.id(n) for n in board.members),
        }
    server_ballot = None
    for _, motion, text, tracker, server_encrypted in box:
        assert motion == motion_id and set(tracker) <= HEX
        ballot = json.loads(text)
        assert set(ballot) == {"version", "election", "kind", "choices", "sum_proof"}
        assert (ballot["election"], ballot["kind"]) == (verifiable["election"], "motion")
        for option in ballot["choices"]:
            Point.from_hex(option["alpha"])
            Point.from_hex(option["beta"])
        for word in MOTION_CHOICES:  # no choice written anywhere in the row
            assert f'"{word}"' not in text
        if server_encrypted:
            server_ballot = ballot
    assert server_ballot is not None

    # Every 64-hex value in any table, tried as the server-encrypted ballot's randomness:
    # none is (g^r is each option's alpha), nor opens any option as 0 or 1.
    alphas = [Point.from_hex(o["alpha"]) for o in server_ballot["choices"]]
    betas = [Point.from_hex(o["beta"]) for o in server_ballot["choices"]]
    text = await _all_text(api)
    tried = 0
    for token in _hex_tokens(text):
        try:
            r = scalar_from_hex(token)
        except EncodingError:
            continue
        tried += 1
        if r == 0:
            continue
        assert base_mul(r) not in alphas
        for alpha, beta in zip(alphas, betas, strict=True):
            for m in (0, 1):
                assert encrypt(y, m, r) != Ciphertext(alpha, beta)
    assert tried > 50  # the proofs' scalars are there, and none of them is it

    # Decryption: a non-trustee is refused, a bad partial too; nothing stored.
    tally = closed.json()["verifiable"]["tally"]
    view = {**verifiable, "tally": tally}
    outsider = await board.do(
        motion_id, "decryptions", "chair", partials=partials_of(browsers["d1"], view)
    )
    assert outsider.status_code == 403, outsider.text
    wrong = partials_of(browsers["d1"], view)
    wrong[1]["factor"] = wrong[0]["factor"]
    bad = await board.do(motion_id, "decryptions", "d1", partials=wrong)
    assert bad.status_code == 400, bad.text
    assert "does not hold" in bad.json()["detail"]
    short = await board.do(motion_id, "decryptions", "d1", partials=wrong[:2])
    assert short.status_code == 400, short.text
    stored = await fetch_rows(engine, "SELECT COUNT(*) FROM partial_decryption")
    assert int(stored[0][0]) == 0
    ok = await board.do(motion_id, "decryptions", "d1", partials=partials_of(browsers["d1"], view))
    assert ok.status_code == 200, ok.text
    twice = await board.do(
        motion_id, "decryptions", "d1", partials=partials_of(browsers["d1"], view)
    )
    assert twice.status_code == 409, twice.text
    done = await board.do(
        motion_id, "decryptions", "d2", partials=partials_of(browsers["d2"], view)
    )
    assert done.json()["status"] == "carried" or done.json()["status"] == "failed"
    assert {k: done.json()["tally"][k] for k in MOTION_CHOICES} == {"yes": 2, "no": 2, "abstain": 1}
