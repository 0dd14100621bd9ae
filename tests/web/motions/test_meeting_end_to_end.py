"""A whole board meeting over HTTP, on every engine: attendance and quorum, a motion amended
then carried by roll call, a secret ballot checked against its trackers, a vote refused for
lack of quorum after members leave, a recusal, and a written consent."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from tests.helpers import Api
from tests.web.motions.board import seat_board


async def test_a_whole_meeting(api: Api) -> None:
    board = await seat_board(api, directors=5, lived_experience_quorum=True)
    seven = board.members
    assert len(seven) == 7

    # Attendance and live quorum: 3 of 7 present is not enough; 4 is.
    meeting = await board.meeting(present=seven[:3], open_it=False)
    shown = await board.get(f"/meetings/{meeting}", "d5")
    assert shown["quorum"]["met"] is False
    assert shown["quorum"]["required"] == 4
    assert shown["quorum"]["reasons"] == ["3 of 7 seated members are present; 4 are needed."]
    assert "lived_experience" not in str(shown["attendance"])
    for name in seven[3:]:
        shown = await board.attend(meeting, name, "remote" if name == "d5" else "present")
    # The secretary (not an admin) reads a verdict, the admin the count as well.
    assert shown["quorum"] == {
        "required": 4,
        "present": 7,
        "met": True,
        "lived_experience_met": True,
        "reasons": [],
    }
    admin = await board.get(f"/meetings/{meeting}", "ada")
    assert admin["quorum"] == {**shown["quorum"], "lived_experience_present": 7}
    opened = await api.post(f"/orgs/acme/meetings/{meeting}/open", "chair")
    assert opened.json()["status"] == "in_session"

    # A motion, amended (the amendment carried by roll call), then carried by roll call.
    main = await board.motion(meeting, "d1", title="Budget", text="Spend 100 on snacks.")
    amendment = await board.motion(
        meeting, "d2", kind="amendment", amends=main, title="Budget", text="Spend 200 on snacks."
    )
    assert (await board.do(main, "second", "d3")).status_code == 200
    refused = await board.do(main, "open-vote", "chair")
    assert refused.status_code == 409
    assert "still pending; decide it first" in refused.json()["detail"]
    await board.seconded_and_open(amendment, seconder="d4")
    for name in seven:
        cast = await board.vote(amendment, name, "no" if name == "d5" else "yes")
        assert cast.status_code == 201, cast.text
    closed = await board.do(amendment, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "carried"
    assert closed.json()["tally"] == {"yes": 6, "no": 1, "abstain": 0, "eligible": 7, "voted": 7}
    amended = await board.get(f"/motions/{main}")
    assert amended["text"] == "Spend 200 on snacks."
    assert [t["text"] for t in amended["texts"]] == ["Spend 100 on snacks.", "Spend 200 on snacks."]
    assert amended["texts"][1]["amendment_id"] == amendment
    assert (await board.do(main, "open-vote", "chair")).status_code == 200
    before = await board.get(f"/motions/{main}")
    assert "tally" not in before and "votes" not in before
    for name in seven:
        choice = {"d4": "no", "d5": "abstain"}.get(name, "yes")
        assert (await board.vote(main, name, choice)).status_code == 201
    decided = (await board.do(main, "close-vote", "chair")).json()
    assert decided["status"] == "carried"
    assert decided["number"].startswith(f"{datetime.now(UTC).year}-")
    assert decided["mover"]["display_name"] == "D1"
    assert decided["seconder"]["display_name"] == "D3"
    assert {v["display_name"]: v["choice"] for v in decided["votes"]}["D4"] == "no"
    assert decided["decided_at"] is not None

    # A recusal, then a secret ballot whose receipts match the published trackers.
    secret = await board.motion(meeting, "chair", title="Hire", text="Hire Pat.", method="secret")
    recusal = await board.do(secret, "recuse", "d5", reason="Pat is my cousin.")
    assert recusal.status_code == 200
    assert recusal.json()["recusals"] == [
        {"member_id": board.id("d5"), "display_name": "D5", "reason": None}
    ]
    await board.seconded_and_open(secret, seconder="d1")
    refused = await board.vote(secret, "d5", "yes")
    assert refused.status_code == 403
    assert "recused" in refused.json()["detail"]
    receipts = []
    for name in seven[:-1]:
        cast = await board.vote(secret, name, "no" if name == "d4" else "yes")
        assert cast.status_code == 201, cast.text
        receipts.append(cast.json()["receipt"])
        assert "choice" not in cast.json()
    early = await api.get(f"/orgs/acme/motions/{secret}/ballots", "ada")
    assert early.status_code == 409
    assert "tally" not in await board.get(f"/motions/{secret}", "ada")
    closed = (await board.do(secret, "close-vote", "chair")).json()
    assert closed["status"] == "carried"
    assert closed["tally"] == {"yes": 5, "no": 1, "abstain": 0, "eligible": 6, "voted": 6}
    assert "votes" not in closed
    ballots = await board.get(f"/motions/{secret}/ballots", "d2")
    assert ballots["voted"] == 6
    assert ballots["tally"] == closed["tally"]
    assert ballots["trackers"] == sorted(ballots["trackers"])
    assert sorted(hashlib.sha256(r.encode()).hexdigest() for r in receipts) == ballots["trackers"]
    assert (await board.vote(secret, "d5", "yes")).status_code == 409

    # Members leave; the next vote is refused for lack of quorum. (Moved and seconded while
    # quorum held: without it the meeting can neither hear nor second a motion.)
    late = await board.motion(meeting, "chair", title="Paint", text="Paint the hall.")
    assert (await board.do(late, "second", "secretary")).status_code == 200
    for name in ("d2", "d3", "d4", "d5"):
        await board.attend(meeting, name, "absent")
    head = await board.audit_head()
    refused = await board.do(late, "open-vote", "chair")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "There is no quorum. 3 of 7 seated members are present; 4 are needed."
    )
    assert await board.audit_head() == head
    assert (await board.get(f"/motions/{late}"))["status"] == "seconded"
    adjourned = await api.post(f"/orgs/acme/meetings/{meeting}/adjourn", "secretary")
    assert adjourned.status_code == 200

    # A written consent: open once seconded, carried by every seated member's yes.
    closes = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    consent = await api.post(
        "/orgs/acme/bodies/board/motions",
        "d1",
        json={"title": "Sign the lease", "text": "Sign it.", "closes_at": closes},
    )
    assert consent.status_code == 201, consent.text
    consent_id = consent.json()["id"]
    assert consent.json()["written_consent"] is True
    seconded = (await board.do(consent_id, "second", "d2")).json()
    assert seconded["status"] == "voting"
    for name in seven:
        assert (await board.vote(consent_id, name, "yes")).status_code == 201
    done = await board.get(f"/motions/{consent_id}")
    assert done["status"] == "carried"
    assert done["tally"]["yes"] == 7

    verify = await board.get("/audit/verify", "d3")
    assert verify["ok"] is True
