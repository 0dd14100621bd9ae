"""Pages over HTTP: creating a body, the minutes preview, the meetings list, the latest
decisions on the home page, and forms refused to those who could not submit them."""

from __future__ import annotations

from typing import Any

from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, org, sign_in

__all__ = ["org"]  # the fixture, shared with test_pages


async def seat(api: Api, who: str, role: str) -> str:
    answer = await api.post(
        "/orgs/acme/bodies/board/seats",
        "root",
        json={"member_id": api.people[who].member_id, "role": role, "starts_on": "2026-01-01"},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def meeting(api: Api) -> str:
    answer = await api.post(
        "/orgs/acme/bodies/board/meetings",
        "root",
        json={"title": "March meeting", "scheduled_for": "2026-03-03T18:00:00+00:00"},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def test_forms_are_refused_to_those_who_cannot_submit_them(
    client: Any, api: Api, org: Any
) -> None:
    """Schedule-a-meeting and end-a-seat: 403 for an unseated member, shown to those who can."""
    bo_seat = await seat(api, "bo", "secretary")
    await api.add_member("acme", "ed", by="root", lived_experience=True)
    other_seat = await seat(api, "ed", "director")
    await sign_in(client, "cy@acme.example")
    for path in (
        "/orgs/acme/bodies/board/meetings/new",
        f"/orgs/acme/bodies/board/seats/{bo_seat}/end",
    ):
        refused = await client.get(path, headers=HTML)
        assert refused.status_code == 403, path
    await sign_in(client, "bo@acme.example")  # the board's secretary, holder of bo_seat
    assert (await client.get("/orgs/acme/bodies/board/meetings/new", headers=HTML)).is_success
    own = await client.get(f"/orgs/acme/bodies/board/seats/{bo_seat}/end", headers=HTML)
    assert own.status_code == 200
    other = await client.get(f"/orgs/acme/bodies/board/seats/{other_seat}/end", headers=HTML)
    assert other.status_code == 403
    await sign_in(client, "ada@acme.example")  # an admin
    admin = await client.get(f"/orgs/acme/bodies/board/seats/{other_seat}/end", headers=HTML)
    assert admin.status_code == 200


async def test_admin_creates_a_body_and_mistakes_stay_beside_fields(
    client: Any, api: Api, org: Any
) -> None:
    await sign_in(client, "cy@acme.example")
    assert (await client.get("/orgs/acme/bodies/new", headers=HTML)).status_code == 403
    await sign_in(client, "ada@acme.example")
    form = await client.get("/orgs/acme/bodies/new", headers=HTML)
    assert form.status_code == 200
    typed = {
        "_csrf": csrf_of(form.text),
        "name": "Finance Committee",
        "slug": "finance",
        "kind": "committee",
        "seats": "five",
        "lived_experience_quota": "51",
        "quorum": "50",
    }
    bad = await client.post("/orgs/acme/bodies/new", data=typed, headers=HTML)
    assert bad.status_code == 400
    assert 'id="seats-error"' in bad.text and 'value="five"' in bad.text
    assert 'value="Finance Committee"' in bad.text
    taken = await client.post(
        "/orgs/acme/bodies/new", data={**typed, "slug": "board", "seats": "5"}, headers=HTML
    )
    assert taken.status_code == 409 and 'id="slug-error"' in taken.text
    made = await client.post("/orgs/acme/bodies/new", data={**typed, "seats": "5"}, headers=HTML)
    assert made.status_code == 303
    assert made.headers["location"] == "/orgs/acme/bodies/finance?changed=created"
    body = (await api.get("/orgs/acme/bodies/finance", "root")).json()
    assert body["seats"] == 5 and body["kind"] == "committee"
    assert body["lived_experience_quota"] == 0.51 and body["lived_experience_quorum"] is False


async def test_minutes_preview_renders_safely_and_saves_nothing(
    client: Any, api: Api, org: Any
) -> None:
    await seat(api, "bo", "secretary")
    meeting_id = await meeting(api)
    path = f"/orgs/acme/meetings/{meeting_id}/minutes"
    await sign_in(client, "bo@acme.example")
    page = await client.get(path, headers=HTML)
    notes = "**Bold** <script>alert(1)</script>"
    preview = await client.post(
        path,
        data={"_csrf": csrf_of(page.text), "notes": notes, "action": "preview"},
        headers=HTML,
    )
    assert preview.status_code == 200
    assert "Preview (not saved yet)" in preview.text
    assert "<strong>Bold</strong>" in preview.text
    assert "<script>alert" not in preview.text
    assert "**Bold** &lt;script&gt;" in preview.text  # the textarea keeps what was typed
    saved = (await api.get(f"/orgs/acme/meetings/{meeting_id}/minutes", "root")).json()
    assert saved["notes"] == ""

    await sign_in(client, "cy@acme.example")
    page = await client.get(path, headers=HTML)
    refused = await client.post(
        path,
        data={"_csrf": csrf_of(page.text), "notes": notes, "action": "preview"},
        headers=HTML,
    )
    assert refused.status_code == 403


async def test_home_lists_latest_decisions_and_meetings_page(
    client: Any, api: Api, org: Any
) -> None:
    meeting_id = await meeting(api)
    await sign_in(client, "cy@acme.example")
    home = await client.get("/orgs/acme", headers=HTML)
    assert "Latest decisions" in home.text and "No decisions yet." in home.text
    assert 'href="/orgs/acme/meetings"' in home.text
    listed = await client.get("/orgs/acme/meetings", headers=HTML)
    assert listed.status_code == 200
    assert f'href="/orgs/acme/meetings/{meeting_id}"' in listed.text
    assert "March meeting" in listed.text
