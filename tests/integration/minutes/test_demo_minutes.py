"""The demo's past meetings end with approved, published minutes anyone may read (the demo
organisation is public), each with the secretary's notes in the PDF."""

from __future__ import annotations

import hashlib

from governance import demo
from governance.minutes.demo import DEMO_NOTES
from tests.helpers import Api
from tests.unit.minutes.test_minutes_pdf import pdf_text


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
        assert shown["notes"] == DEMO_NOTES[meeting["title"]]
        text = pdf_text(pdf.content)
        assert "Peer reports" in text and "Check-in" in text, meeting["title"]
        last_sentence = " ".join(DEMO_NOTES[meeting["title"]].rsplit("\n\n", 1)[-1].split())
        assert last_sentence in text, (meeting["title"], last_sentence)
