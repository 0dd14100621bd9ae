"""`governance audit verify` also checks that every closed secret vote's box matches its roll."""

from __future__ import annotations

from governance.settings import Settings
from governance.verify import verify_all
from governance.voting.box import Ballot
from tests.helpers import Api
from tests.web.motions.board import seat_board


async def test_a_ballot_removed_after_the_close_breaks_verification(
    api: Api, settings: Settings
) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    motion = await board.motion(meeting, method="secret")
    await board.seconded_and_open(motion)
    for name in ("chair", "d1", "d2"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    closed = await board.do(motion, "close-vote", "chair")
    assert closed.status_code == 200
    entries = await api.get("/orgs/acme/audit?limit=1000", "ada")
    close_seq = next(e["seq"] for e in entries.json()["entries"] if e["action"] == "motion.carried")
    doomed = await Ballot.select(Ballot.id).where(Ballot.motion == motion).first()
    assert doomed is not None
    await Ballot.delete().where(Ballot.id == doomed["id"])
    # Verification runs last: it binds the tables to an engine of its own, as the CLI does.
    results = dict(await verify_all(settings, org_slug="acme") or [])
    result = results["acme"]
    assert result.ok is False
    assert result.first_bad_seq == close_seq
    assert result.problem is not None and "2 ballots and 3 trackers for 3 voters" in result.problem
