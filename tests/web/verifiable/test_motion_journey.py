"""A verifiable motion over HTTP, on every engine: moved against the body's 2-of-3 key,
five members vote (four ballots made by the browser, one the server encrypts), the chair
closes, two trustees decrypt the tally, the motion is decided with the right counts, and the
published record verifies, in Python and with `governance verify`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from governance.audit.tables import AuditEntry
from governance.verifiable.record import verify_record
from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.verifiable.journey import (
    board_with_key,
    browser_ballot,
    open_verifiable,
    partials_of,
)

VOTES = {"chair": "yes", "secretary": "yes", "d1": "no", "d3": "abstain"}
SERVER_ENCRYPTED = ("d2", "yes")


async def test_a_verifiable_motion_from_key_to_verified_record(api: Api, tmp_path: Path) -> None:
    board, browsers, meeting_id = await board_with_key(api)
    motion_id, verifiable = await open_verifiable(board, meeting_id)
    assert verifiable["election"] == f"acme/motions/{motion_id}"
    assert (verifiable["threshold"], verifiable["trustee_count"]) == (2, 3)
    assert verifiable["tally"] is None

    trackers = {}
    for name, choice in VOTES.items():
        cast = await board.do(motion_id, "votes", name, ballot=browser_ballot(verifiable, choice))
        assert cast.status_code == 201, cast.text
        assert cast.json()["server_encrypted"] is False
        trackers[name] = cast.json()["tracker"]
    name, choice = SERVER_ENCRYPTED
    cast = await board.do(motion_id, "votes", name, choice=choice, server_encrypt=True)
    assert cast.status_code == 201, cast.text
    assert cast.json()["server_encrypted"] is True
    assert "trusted the server" in cast.json()["note"]
    trackers[name] = cast.json()["tracker"]

    # The record is not out before the result.
    early = await api.get(f"/orgs/acme/motions/{motion_id}/record", "d1")
    assert early.status_code == 409, early.text

    closed = await board.do(motion_id, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "decrypting"
    tally = closed.json()["verifiable"]["tally"]
    assert [line["label"] for line in tally] == ["yes", "no", "abstain"]
    again = await board.do(motion_id, "close-vote", "chair")
    assert again.status_code == 409, again.text
    late = await board.do(motion_id, "votes", "d1", ballot=browser_ballot(verifiable, "yes"))
    assert late.status_code == 409, late.text

    view = {**verifiable, "tally": tally}
    first = await board.do(
        motion_id, "decryptions", "d3", partials=partials_of(browsers["d3"], view)
    )
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "decrypting"  # one of two
    second = await board.do(
        motion_id, "decryptions", "d1", partials=partials_of(browsers["d1"], view)
    )
    assert second.status_code == 200, second.text
    decided = second.json()
    assert decided["status"] == "carried"
    assert {k: decided["tally"][k] for k in ("yes", "no", "abstain", "voted")} == {
        "yes": 3, "no": 1, "abstain": 1, "voted": 5,
    }  # fmt: skip
    # The third trustee is too late: the motion is decided.
    third = await board.do(
        motion_id, "decryptions", "d2", partials=partials_of(browsers["d2"], view)
    )
    assert third.status_code == 409, third.text

    got = await api.get(f"/orgs/acme/motions/{motion_id}/record", "d2")
    assert got.status_code == 200, got.text
    record = got.json()
    assert verify_record(record) == []
    assert sorted(e["tracker"] for e in record["ballots"]) == sorted(trackers.values())
    assert sum(e["server_encrypted"] for e in record["ballots"]) == 1
    assert record["result"] == [
        {"label": "yes", "count": 3}, {"label": "no", "count": 1}, {"label": "abstain", "count": 1},
    ]  # fmt: skip
    # The commitments' proofs bind the ceremony's context C, the ballots the motion's E.
    assert record["trustees"]["context"] == verifiable["ceremony_context"] != record["election"]
    for changed in ("acme/board/ceremony/other", None):
        tampered = json.loads(json.dumps(record))
        if changed is None:
            del tampered["trustees"]["context"]
        else:
            tampered["trustees"]["context"] = changed
        codes = {f.code for f in verify_record(tampered)}
        assert "key-proof" in codes, codes
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    done = subprocess.run(
        [sys.executable, "-m", "governance.cli", "verify", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    # The minutes' record shows it as a verifiable vote: counts only, nobody's vote.
    minutes = await api.get(f"/orgs/acme/meetings/{meeting_id}/minutes", "secretary")
    assert minutes.status_code == 200, minutes.text
    assert '"verifiable"' in minutes.text

    # Signed out: refused while the organisation is private, the same record once public.
    hidden = await api.get(f"/orgs/acme/motions/{motion_id}/record")
    assert hidden.status_code == 401, hidden.text
    assert (await api.patch("/orgs/acme", "ada", json={"public": True})).status_code == 200
    public = await api.get(f"/orgs/acme/motions/{motion_id}/record")
    assert public.status_code == 200, public.text
    assert public.json() == record

    # The decision went through motions.decided, with its audit entries.
    actions = [
        r["action"]
        for r in await AuditEntry.select(AuditEntry.action)
        .where(AuditEntry.subject == f"motion:{motion_id}")
        .order_by(AuditEntry.seq)
    ]
    assert actions.count("ballot.verifiable_cast") == 5
    assert actions[-4:] == [
        "motion.verifiable_vote_closed",
        "motion.partial_decryption_posted",
        "motion.partial_decryption_posted",
        "motion.carried",
    ]
    verify = await board.get("/audit/verify", "ada")
    assert verify["ok"] is True


async def test_moving_a_verifiable_motion_needs_a_completed_key(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting_id = await board.meeting()
    refused = await api.post(
        f"/orgs/acme/meetings/{meeting_id}/motions",
        "chair",
        json={"title": "A motion", "text": "That we do it.", "method": "verifiable"},
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("no-election-key")
    assert "key ceremony" in refused.json()["detail"]
    listed = await api.get(f"/orgs/acme/meetings/{meeting_id}/motions", "chair")
    assert listed.json()["motions"] == []
