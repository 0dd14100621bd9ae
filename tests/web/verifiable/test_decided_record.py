"""A verifiable motion's decision: it is always reached once t trustees have decrypted, and
the chain carries the digest of the record it published, so an edited box is caught.

1. The body falls below its lived-experience quota between the close and the decryption. A
   meeting vote that is still open cannot close carried then (409, the vote stays open); a
   verifiable vote has already closed and its count cannot be re-run, so, as written consent
   does, it fails with the reason recorded, and the last trustee's partial is kept. (Before,
   the last post answered 409 and the motion stayed `decrypting` for good.)
2. The decision's audit entry carries `record_digest`, the SHA-256 of the record's canonical
   JSON (docs/VERIFY.md 10.4): recomputing it from `GET .../record` gives the same; after a
   database edit of the box or of a partial decryption, `audit/verify` names the motion.
"""

from __future__ import annotations

import json
from typing import Any

from governance.audit.tables import AuditEntry
from governance.db import fetch_rows
from governance.verifiable.ballot import parse_ballot, tracker
from governance.verifiable.record import record_digest, verify_record
from governance.voting.verifiable_box import PartialDecryptionRow, VerifiableBallot
from tests.helpers import Api
from tests.web.motions.board import Board
from tests.web.verifiable.journey import (
    board_with_key,
    browser_ballot,
    open_verifiable,
    partials_of,
)


async def _closed(api: Api, votes: dict[str, str]) -> tuple[Board, Any, str, dict[str, Any]]:
    board, browsers, meeting_id = await board_with_key(api)
    motion_id, verifiable = await open_verifiable(board, meeting_id)
    for name, choice in votes.items():
        cast = await board.do(motion_id, "votes", name, ballot=browser_ballot(verifiable, choice))
        assert cast.status_code == 201, cast.text
    closed = await board.do(motion_id, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    return board, browsers, motion_id, {**verifiable, "tally": closed.json()["verifiable"]["tally"]}


async def _decision(motion_id: str) -> dict[str, Any]:
    rows = (
        await AuditEntry.select(AuditEntry.action, AuditEntry.data)
        .where(AuditEntry.subject == f"motion:{motion_id}")
        .order_by(AuditEntry.seq)
    )
    last = rows[-1]
    assert last["action"] in ("motion.carried", "motion.failed"), last
    return {"action": last["action"], **json.loads(last["data"])}


async def test_a_verifiable_count_that_would_carry_fails_on_a_body_out_of_compliance(
    api: Api,
) -> None:
    votes = {"chair": "yes", "secretary": "yes", "d1": "yes", "d2": "no"}
    board, browsers, motion_id, view = await _closed(api, votes)
    for name in ("d1", "d2", "d3"):
        withdrawn = await api.put(
            "/orgs/acme/members/me/lived-experience", name, json={"lived_experience": False}
        )
        assert withdrawn.status_code == 200, withdrawn.text
    assert (await board.get("/bodies/board", "d1"))["composition"]["compliant"] is False

    first = await board.do(
        motion_id, "decryptions", "d1", partials=partials_of(browsers["d1"], view)
    )
    assert first.status_code == 200, first.text
    last = await board.do(
        motion_id, "decryptions", "d3", partials=partials_of(browsers["d3"], view)
    )
    assert last.status_code == 200, last.text
    decided = last.json()
    assert decided["status"] == "failed"
    assert (decided["tally"]["yes"], decided["tally"]["no"]) == (3, 1)
    decision = await _decision(motion_id)
    assert decision["action"] == "motion.failed"
    assert decision["reason"] == "body out of compliance"
    stored = await fetch_rows(
        api.runtime.engine, "SELECT trustee FROM partial_decryption ORDER BY trustee"
    )
    assert [int(r[0]) for r in stored] == [1, 3]
    record = (await api.get(f"/orgs/acme/motions/{motion_id}/record", "d2")).json()
    assert verify_record(record) == []
    assert (await board.get("/audit/verify", "ada"))["ok"] is True


async def _decided(api: Api) -> tuple[Board, str, dict[str, Any]]:
    votes = {"chair": "yes", "secretary": "no", "d1": "yes"}
    board, browsers, motion_id, view = await _closed(api, votes)
    for name in ("d2", "d1"):
        posted = await board.do(
            motion_id, "decryptions", name, partials=partials_of(browsers[name], view)
        )
        assert posted.status_code == 200, posted.text
    assert posted.json()["status"] == "carried"
    got = await api.get(f"/orgs/acme/motions/{motion_id}/record", "secretary")
    assert got.status_code == 200, got.text
    return board, motion_id, got.json()


async def test_the_decision_entry_carries_the_digest_of_the_published_record(api: Api) -> None:
    board, motion_id, record = await _decided(api)
    decision = await _decision(motion_id)
    assert decision["record_digest"] == record_digest(record)
    # The digest names the record, not its spacing: the same after a round trip.
    assert record_digest(json.loads(json.dumps(record, indent=2))) == decision["record_digest"]
    assert (await board.get("/audit/verify", "ada"))["ok"] is True


async def _verify_names(board: Board, motion_id: str) -> str:
    verdict = await board.get("/audit/verify", "ada")
    assert verdict["ok"] is False, verdict
    text = json.dumps(verdict)
    assert "record" in text, text
    return text


async def test_a_ballot_swapped_in_the_database_after_the_decision_is_named(api: Api) -> None:
    board, motion_id, record = await _decided(api)
    [first, *_] = await VerifiableBallot.select().where(VerifiableBallot.motion == motion_id)
    # The attacker puts a fresh, valid ballot (a "no") with its own tracker in place of one.
    view = {"election": record["election"], "election_key": record["election_key"]}
    fresh = browser_ballot(view, "no")
    parsed, _ = parse_ballot(fresh)
    assert parsed is not None
    await VerifiableBallot.update(
        {VerifiableBallot.ballot: json.dumps(fresh), VerifiableBallot.tracker: tracker(parsed)}
    ).where(VerifiableBallot.id == first["id"])
    await _verify_names(board, motion_id)


async def test_a_partial_decryption_edited_in_the_database_is_named(api: Api) -> None:
    board, motion_id, _ = await _decided(api)
    [row, *_] = await PartialDecryptionRow.select().where(PartialDecryptionRow.motion == motion_id)
    # Two lines' partials swapped: each still carries a valid proof, for the wrong line.
    partials = json.loads(row["partials"])
    partials[0], partials[1] = partials[1], partials[0]
    await PartialDecryptionRow.update({PartialDecryptionRow.partials: json.dumps(partials)}).where(
        PartialDecryptionRow.id == row["id"]
    )
    await _verify_names(board, motion_id)
