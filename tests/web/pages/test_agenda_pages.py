"""The agenda, reschedule and cancel pages, without JavaScript: forms post, redirect back, and
mistakes show beside their field."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


def titles_in_order(html: str) -> list[str]:
    section = html.split('id="agenda-h"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<p><strong>([^<]+)</strong></p>", section)


async def test_the_secretary_edits_the_agenda_on_its_page(client: Any, api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    base = f"/orgs/acme/meetings/{meeting}"
    await sign_in(client, "d1@acme.example")
    assert (await client.get(f"{base}/agenda", headers=HTML)).status_code == 403
    shown = await client.get(base, headers=HTML)
    assert "Edit the agenda" not in shown.text

    await sign_in(client, "secretary@acme.example")
    page = await client.get(f"{base}/agenda", headers=HTML)
    assert page.status_code == 200
    assert titles_in_order(page.text) == ["Welcome", "Budget"]
    csrf = csrf_of(page.text)

    blank = await client.post(
        f"{base}/agenda/items", data={"_csrf": csrf, "title": " "}, headers=HTML
    )
    assert blank.status_code == 400 and 'id="title-error"' in blank.text
    added = await client.post(
        f"{base}/agenda/items",
        data={"_csrf": csrf, "title": "Peer reports", "notes": "Ten minutes"},
        headers=HTML,
    )
    assert added.status_code == 303
    assert added.headers["location"] == f"{base}/agenda?done=added"

    items = (await board.get(f"/meetings/{meeting}"))["agenda_items"]
    reports = items[-1]["id"]
    await sign_in(client, "secretary@acme.example")  # the API calls above share the client
    csrf = csrf_of((await client.get(f"{base}/agenda", headers=HTML)).text)
    up = await client.post(
        f"{base}/agenda/move",
        data={"_csrf": csrf, "item": reports, "direction": "up"},
        headers=HTML,
    )
    assert up.status_code == 303
    page = await client.get(f"{base}/agenda", headers=HTML)
    assert titles_in_order(page.text) == ["Welcome", "Peer reports", "Budget"]

    edit = await client.get(f"{base}/agenda/items/{reports}/edit", headers=HTML)
    assert 'value="Peer reports"' in edit.text
    saved = await client.post(
        f"{base}/agenda/items/{reports}/edit",
        data={"_csrf": csrf, "title": "Peer support reports", "notes": ""},
        headers=HTML,
    )
    assert saved.status_code == 303
    removed = await client.post(
        f"{base}/agenda/items/{items[0]['id']}/remove", data={"_csrf": csrf}, headers=HTML
    )
    assert removed.status_code == 303
    page = await client.get(f"{base}/agenda", headers=HTML)
    assert titles_in_order(page.text) == ["Peer support reports", "Budget"]

    # The move-a-motion form asks for the item, and the motion is listed under it.
    shown = await client.get(base, headers=HTML)
    assert 'name="agenda_item"' in shown.text
    motion = {"_csrf": csrf, "agenda_required": "yes", "title": "Budget", "text": "Adopt it."}
    missing = await client.post(f"{base}/motions", data=motion, headers=HTML)
    assert missing.status_code == 400 and 'id="agenda_item-error"' in missing.text
    budget = (await board.get(f"/meetings/{meeting}"))["agenda_items"][1]["id"]
    await sign_in(client, "secretary@acme.example")
    csrf = csrf_of((await client.get(base, headers=HTML)).text)
    motion["_csrf"] = csrf
    moved = await client.post(
        f"{base}/motions", data={**motion, "agenda_item": budget}, headers=HTML
    )
    assert moved.status_code == 303
    shown = await client.get(base, headers=HTML)
    agenda = shown.text.split('id="agenda-h"', 1)[1].split("</section>", 1)[0]
    assert "Budget</strong>" in agenda and ": Budget</a>" in agenda


async def test_reschedule_and_cancel_with_a_reason(client: Any, api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    base = f"/orgs/acme/meetings/{meeting}"
    await sign_in(client, "chair@acme.example")
    form = await client.get(f"{base}/reschedule", headers=HTML)
    assert form.status_code == 200
    csrf = csrf_of(form.text)
    no_reason = {"_csrf": csrf, "day": "2026-12-09", "time": "19:00", "location": "", "reason": ""}
    bad = await client.post(f"{base}/reschedule", data=no_reason, headers=HTML)
    assert bad.status_code == 400 and 'id="reason-error"' in bad.text
    done = await client.post(
        f"{base}/reschedule", data={**no_reason, "reason": "Room taken"}, headers=HTML
    )
    assert done.status_code == 303 and done.headers["location"] == f"{base}?done=rescheduled"
    shown = await client.get(base, headers=HTML)
    assert "Room taken" in shown.text and "9 December 2026 at 19:00" in shown.text

    page = await client.get(f"{base}/cancel", headers=HTML)
    unticked = await client.post(
        f"{base}/cancel", data={"_csrf": csrf, "reason": "Nothing to decide"}, headers=HTML
    )
    assert page.status_code == 200
    assert unticked.status_code == 400 and 'id="confirm-error"' in unticked.text
    assert (await board.get(f"/meetings/{meeting}"))["status"] == "scheduled"
    await sign_in(client, "chair@acme.example")
    csrf = csrf_of((await client.get(f"{base}/cancel", headers=HTML)).text)
    cancelled = await client.post(
        f"{base}/cancel",
        data={"_csrf": csrf, "reason": "Nothing to decide", "confirm": "yes"},
        headers=HTML,
    )
    assert cancelled.status_code == 303
    shown = await client.get(base, headers=HTML)
    assert "Cancelled" in shown.text and "Nothing to decide" in shown.text
    assert "Open the meeting" not in shown.text and "Propose a motion" not in shown.text
    assert "has no minutes" in shown.text
    listed = await client.get("/orgs/acme/meetings", headers=HTML)
    assert "This meeting was cancelled: Nothing to decide" in listed.text
