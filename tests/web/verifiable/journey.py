"""A seated board with a completed 2-of-3 key ceremony, and Python playing the browsers.

The ceremony is run with the trustees tests' own browser (`tests.web.trustees.browser`); a
voter's browser encrypts with `governance.verifiable` as the JavaScript is to, byte for byte;
a trustee's browser decrypts the tally with the key share it kept from the ceremony.
"""

from __future__ import annotations

from typing import Any

from governance.verifiable.ballot import encrypt_motion_ballot
from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.group import Point
from governance.verifiable.threshold import partial_decrypt
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board
from tests.web.trustees.browser import Browser, dealing_payload, receive, submit_keys

TRUSTEES = ("d1", "d2", "d3")


async def run_ceremony(
    api: Api, base: str, trustee_ids: list[str], *, threshold: int, admin: str
) -> dict[str, Browser]:
    """`admin` names the members `trustee_ids` trustees (t of n) under `base` (a body's
    trustees route) and every trustee's browser runs the ceremony to completion."""
    named = await api.post(base, admin, json={"member_ids": trustee_ids, "threshold": threshold})
    assert named.status_code == 201, named.text
    browsers = await submit_keys(api, base, named.json())
    state = (await api.get(base, admin)).json()
    for name, browser in browsers.items():
        posted = await api.post(f"{base}/me/dealing", name, json=dealing_payload(state, browser))
        assert posted.status_code == 200, posted.text
    state = (await api.get(base, admin)).json()
    for name, browser in browsers.items():
        assert await receive(api, base, state, browser) == []
        accepted = await api.post(f"{base}/me/accept", name)
        assert accepted.status_code == 200, accepted.text
    assert (await api.get(base, admin)).json()["status"] == "complete"
    return browsers


async def ceremony(
    board: Board, names: tuple[str, ...] = TRUSTEES, t: int = 2
) -> dict[str, Browser]:
    """Name `names` trustees of the board (t of n) and run the ceremony to completion."""
    base = f"/orgs/{board.org}/bodies/{board.body}/trustees"
    ids = [board.id(n) for n in names]
    return await run_ceremony(board.api, base, ids, threshold=t, admin="ada")


async def board_with_key(api: Api, org: str = "acme") -> tuple[Board, dict[str, Browser], str]:
    """A five-seat board (chair, secretary, d1-d3), its ceremony done, a meeting open."""
    board = await seat_board(api, org=org, directors=3)
    browsers = await ceremony(board)
    meeting_id = await board.meeting()
    return board, browsers, meeting_id


async def open_verifiable(board: Board, meeting_id: str) -> tuple[str, dict[str, Any]]:
    """A verifiable motion moved, seconded and opened; its id and its `verifiable` view."""
    motion_id = await board.motion(meeting_id, method="verifiable")
    await board.seconded_and_open(motion_id)
    view = await board.get(f"/motions/{motion_id}")
    return motion_id, dict(view["verifiable"])


def browser_ballot(verifiable: dict[str, Any], choice: str) -> dict[str, Any]:
    """What a voter's browser sends: the ballot encrypted under the election key."""
    y = Point.from_hex(verifiable["election_key"])
    ballot, _ = encrypt_motion_ballot(y, verifiable["election"], choice)
    return ballot.to_json()


def partials_of(browser: Browser, verifiable: dict[str, Any]) -> list[dict[str, Any]]:
    """A trustee's partial decryptions of every tally line, in order, with proofs."""
    y = Point.from_hex(verifiable["election_key"])
    out = []
    for line in verifiable["tally"]:
        ct = Ciphertext(Point.from_hex(line["alpha"]), Point.from_hex(line["beta"]))
        partial = partial_decrypt(
            browser.x, browser.index, y, ct, verifiable["election"], line["label"]
        )
        out.append(partial.to_json())
    return out
