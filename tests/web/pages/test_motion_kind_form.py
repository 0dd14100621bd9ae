"""The meeting page's motion form: a kind select and the fields each kind needs, posted
without JavaScript; the fields of other kinds are ignored, a missing one is shown beside
the form's own field."""

from __future__ import annotations

from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


async def test_a_postpone_is_moved_from_the_meeting_page(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    later = await api.post(
        "/orgs/acme/bodies/board/meetings",
        "secretary",
        json={"title": "January meeting", "scheduled_for": "2027-01-12T18:00:00Z"},
    )
    later_id = later.json()["id"]
    target = await board.motion(meeting, title="New roof")
    client = api.client
    await sign_in(client, "d1@acme.example", next_path="/")
    page = await client.get(f"/orgs/acme/meetings/{meeting}", headers=HTML)
    assert page.status_code == 200
    for label in ("Kind of motion", "The motion it acts on", "Postpone to the meeting"):
        assert label in page.text
    assert f'value="{later_id}"' in page.text
    form = {
        "_csrf": csrf_of(page.text),
        "title": "Postpone the roof",
        "text": "That we decide the roof in January.",
        "method": "roll_call",
        "threshold": "majority",
        "kind": "postpone",
        "target": "",
        "to_meeting": later_id,
        "to_body": "",
        "appoints.member_id": "",
        "appoints.role": "director",
        "appoints.starts_on": "",
        "appoints.ends_on": "",
    }
    action = f"/orgs/acme/meetings/{meeting}/motions"
    missing = await client.post(action, data=form, headers=HTML)
    assert missing.status_code == 400
    assert 'href="#target"' in missing.text  # the error links to the form's own field
    moved = await client.post(action, data={**form, "target": target}, headers=HTML)
    assert moved.status_code == 303, moved.text
    # A main motion from the same form: the other kinds' fields are ignored.
    plain = await client.post(
        action,
        data={**form, "kind": "main", "title": "Open on Saturdays", "target": target},
        headers=HTML,
    )
    assert plain.status_code == 303, plain.text
    assert "/motions/" in plain.headers["location"]
    # (the API helper signs the browser session out: read through it last)
    motion_id = moved.headers["location"].rsplit("/", 1)[-1]
    shown = await board.get(f"/motions/{motion_id}")
    assert shown["kind"] == "postpone"
    assert shown["postpones"] == target
    assert shown["to_meeting"] == later_id
