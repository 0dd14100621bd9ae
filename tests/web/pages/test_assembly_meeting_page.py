"""An assembly's meeting page: every member in good standing is on the roll and may propose
a motion, though nobody was seated by hand; a suspended member is not on the roll."""

from __future__ import annotations

from typing import Any

from tests.helpers import Api
from tests.web.motions.test_assembly import ORG, _assembly
from tests.web.pages.test_pages import HTML, sign_in


async def test_an_unseated_member_proposes_from_the_assembly_page(api: Api, client: Any) -> None:
    board = await _assembly(api)
    meeting = await board.meeting(present=["chair", "secretary", "m1"], open_it=False)
    suspended = await api.post(
        f"/orgs/{ORG}/members/{board.id('m2')}/suspend", "ada", json={"reason": "Dues."}
    )
    assert suspended.status_code == 200
    await sign_in(client, f"m1@{ORG}.example")
    page = await client.get(f"/orgs/{ORG}/meetings/{meeting}", headers=HTML)
    assert page.status_code == 200
    main = page.text.split("<main", 1)[1]
    assert "Propose a motion" in main
    roll = 'data-label="Name">{}<'
    assert all(roll.format(name) in main for name in ("M1", "M3", "Chair", "Ada"))
    assert roll.format("M2") not in main
