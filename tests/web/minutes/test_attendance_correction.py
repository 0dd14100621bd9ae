"""Correcting an adjourned meeting's attendance before its minutes are approved (API and
page), and moving a motion to approve minutes from the meeting page's form."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import Api
from tests.web.minutes.flow import Minuted, minuted_meeting


def status_of(minutes: dict[str, Any], member_id: str) -> str | None:
    found = [p["status"] for p in minutes["record"]["attendance"] if p["member_id"] == member_id]
    return found[0] if found else None


async def entries(api: Api, org: str) -> list[dict[str, Any]]:
    return list((await api.get(f"/orgs/{org}/audit", "secretary")).json()["entries"])


async def correct(m: Minuted, who: str, name: str, status: str, meeting: str = "") -> Any:
    member = m.api.people[name].member_id
    return await m.api.post(
        m.path(meeting or None, "/minutes/attendance"),
        who,
        json={"member_id": member, "status": status},
    )


async def test_the_secretary_corrects_attendance_and_it_is_audited(api: Api) -> None:
    m = await minuted_meeting(api)
    d4 = api.people["d4"].member_id
    corrected = await correct(m, "secretary", "d4", "present")
    assert corrected.status_code == 200, corrected.text
    assert status_of(corrected.json(), d4) == "present"
    last = (await entries(api, m.board.org))[-1]
    assert last["action"] == "minutes.attendance_corrected"
    assert last["data"]["was"] == "absent" and last["data"]["status"] == "present"
    verified = await api.get(f"/orgs/{m.board.org}/audit/verify", "secretary")
    assert verified.json()["ok"] is True


async def test_only_the_record_keeper_corrects_and_a_refusal_changes_nothing(api: Api) -> None:
    m = await minuted_meeting(api)
    before = await entries(api, m.board.org)
    refused = await correct(m, "d1", "d4", "present")
    assert refused.status_code == 403, refused.text
    bad = await correct(m, "secretary", "d4", "asleep")
    assert bad.status_code == 400, bad.text
    assert await entries(api, m.board.org) == before
    shown = await api.get(m.path(), "secretary")
    assert status_of(shown.json(), api.people["d4"].member_id) == "absent"


async def test_a_sitting_meeting_is_not_corrected_here(api: Api) -> None:
    m = await minuted_meeting(api)
    sitting = await m.board.meeting(present=["chair", "secretary", "d1"])
    refused = await correct(m, "secretary", "d2", "present", meeting=sitting)
    assert refused.status_code == 409
    assert "not been adjourned" in refused.json()["detail"]


async def test_approved_minutes_need_a_new_version_first(api: Api) -> None:
    m = await minuted_meeting(api)
    await m.approve()
    d4 = api.people["d4"].member_id
    before = await entries(api, m.board.org)
    refused = await correct(m, "secretary", "d4", "present")
    assert refused.status_code == 409
    assert "Start a correction" in refused.json()["detail"]
    assert await entries(api, m.board.org) == before

    started = await api.post(m.path(None, "/minutes/corrections"), "secretary")
    assert started.status_code == 201, started.text
    corrected = await correct(m, "secretary", "d4", "present")
    assert corrected.status_code == 200, corrected.text
    assert status_of(corrected.json(), d4) == "present"
    first = await api.get(m.path() + "?version=1", "secretary")
    assert status_of(first.json(), d4) == "absent"  # the approved version never changes


async def test_the_minutes_page_corrects_attendance(api: Api) -> None:
    m = await minuted_meeting(api)
    page_path = m.path()
    secretary = api.people["secretary"].headers
    d4 = api.people["d4"].member_id
    page = await api.client.get(page_path, headers=secretary)
    assert page.status_code == 200
    assert f'<label for="status-{d4}" class="visually-hidden">Attendance of D4</label>' in page.text
    posted = await api.client.post(
        f"{page_path}/attendance", headers=secretary, data={"member_id": d4, "status": "remote"}
    )
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == f"{page_path}?done=attendance"
    assert status_of((await api.get(m.path(), "secretary")).json(), d4) == "remote"
    reader = await api.client.get(page_path, headers=api.people["d1"].headers)
    assert "/minutes/attendance" not in reader.text


async def test_the_meeting_form_moves_a_motion_to_approve_minutes(api: Api) -> None:
    m = await minuted_meeting(api)
    second = await m.board.meeting(present=["chair", "secretary", "d1", "d2"])
    path = f"/orgs/{m.board.org}/meetings/{second}"
    secretary = api.people["secretary"].headers
    page = await api.client.get(path, headers=secretary)
    assert '<option value="approve_minutes"' in page.text
    options = re.search(r'<select id="minutes_of".*?</select>', page.text, re.S)
    assert options and f'value="{m.first}"' in options.group(0)
    assert f'value="{second}"' not in options.group(0)  # not its own, not one still sitting

    empty = await api.client.post(
        f"{path}/motions", headers=secretary, data={"kind": "approve_minutes", "title": ""}
    )
    assert empty.status_code == 400
    for words in (
        "Enter a short title for the motion",
        "Enter what the board would decide",
        "Choose the meeting whose minutes you approve",
    ):
        assert words in empty.text
    moved = await api.client.post(
        f"{path}/motions",
        headers=secretary,
        data={
            "kind": "approve_minutes",
            "minutes_of": m.first,
            "title": "Approve the minutes",
            "text": "That the minutes of the last meeting are approved.",
            "method": "roll_call",
            "threshold": "majority",
        },
    )
    assert moved.status_code == 303, moved.text
    motion_id = moved.headers["location"].rsplit("/", 1)[1]
    motion = (await api.get(f"/orgs/{m.board.org}/motions/{motion_id}", "secretary")).json()
    assert motion["kind"] == "approve_minutes" and motion["minutes_of"] == m.first
    # An ordinary motion ignores a stray minutes_of from the form.
    plain = await api.client.post(
        f"{path}/motions",
        headers=secretary,
        data={"kind": "main", "minutes_of": m.first, "title": "Chairs", "text": "Buy chairs."},
    )
    assert plain.status_code == 303, plain.text


async def test_an_attendance_form_without_a_choice_says_so_beside_its_row(api: Api) -> None:
    m = await minuted_meeting(api)
    secretary = api.people["secretary"].headers
    d4 = api.people["d4"].member_id
    sitting = await m.board.meeting(present=["chair", "secretary", "d1"])
    for path in (m.path(), f"/orgs/{m.board.org}/meetings/{sitting}"):
        tail = "/attendance"
        refused = await api.client.post(
            path + tail, headers=secretary, data={"member_id": d4, "status": ""}
        )
        assert refused.status_code == 400, (path, refused.text)
        words = "Choose how the member attended"
        assert f'<a href="#status-{d4}">{words}' in refused.text  # the summary links to it
        assert f'<p class="field-error" id="status-{d4}-error">' in refused.text
        assert f'aria-describedby="status-{d4}-error"' in refused.text
    shown = await api.get(m.path(), "secretary")
    assert status_of(shown.json(), d4) == "absent"
