"""The demo's past meetings end with approved, published minutes anyone may read (the demo
organisation is public)."""

from __future__ import annotations

import hashlib

from governance import demo
from tests.helpers import Api


async def test_demo_meetings_have_published_minutes(api: Api) -> None:
    await demo._seed(api.runtime)
    member = await api.sign_in_token("member@riverside.example", demo.PASSWORD)
    headers = {"Authorization": f"Bearer {member}"}
    base = "/api/v1/orgs/riverside"
    meetings = (await api.client.get(f"{base}/bodies/board/meetings", headers=headers)).json()
    past = [m for m in meetings["meetings"] if m["status"] == "adjourned"]
    assert {m["title"] for m in past} == {
        "Spring board meeting",
        "Summer board meeting",
        "Autumn board meeting",
    }
    for meeting in past:
        minutes = await api.client.get(f"{base}/meetings/{meeting['id']}/minutes", headers=headers)
        assert minutes.status_code == 200, minutes.text
        shown = minutes.json()
        assert shown["status"] == "published" and shown["approval"] is not None
        assert shown["record"]["motions"], meeting["title"]
        pdf = await api.client.get(shown["published"]["url"])  # signed out: the org is public
        assert pdf.status_code == 200
        assert hashlib.sha256(pdf.content).hexdigest() == shown["published"]["sha256"]
