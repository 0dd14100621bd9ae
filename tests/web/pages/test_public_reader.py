"""A signed-out reader of an organisation whose record is public follows links from its
home page to the meetings, a meeting, its published minutes and the PDF; where a page is
for members, the sign-in page says so and brings them back."""

from __future__ import annotations

import re

from tests.helpers import Api
from tests.web.minutes.flow import Minuted, minuted_meeting

HTML = {"accept": "text/html"}


async def published(api: Api, *, public: bool) -> Minuted:
    m = await minuted_meeting(api)
    await m.approve()
    done = await api.post(m.path(None, "/minutes/publish"), "secretary")
    assert done.status_code == 200, done.text
    if public:
        changed = await api.patch(f"/orgs/{m.board.org}", "ada", json={"public": True})
        assert changed.status_code == 200, changed.text
    return m


def links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


async def test_a_public_reader_follows_links_to_meetings_minutes_and_pdf(api: Api) -> None:
    m = await published(api, public=True)
    org = m.board.org
    client = api.client
    client.cookies.clear()
    home = await client.get(f"/orgs/{org}", headers=HTML)
    assert home.status_code == 200
    assert f"/orgs/{org}/meetings" in links(home.text)

    listing = await client.get(f"/orgs/{org}/meetings", headers=HTML)
    assert listing.status_code == 200, listing.text
    meeting_path = f"/orgs/{org}/meetings/{m.first}"
    assert meeting_path in links(listing.text)
    pdf_links = [u for u in links(listing.text) if u.endswith(".pdf?version=1")]
    assert pdf_links

    meeting = await client.get(meeting_path, headers=HTML)
    assert meeting.status_code == 200, meeting.text
    assert "<h1>Board meeting</h1>" in meeting.text
    assert "Secretary" in meeting.text  # the attendance, as the published record has it
    assert "<form" not in meeting.text.split("<main", 1)[1]  # nothing to do but read
    assert f"/orgs/{org}/decisions/{m.roll_call}" in links(meeting.text)
    assert f"/orgs/{org}/bodies/board" not in links(meeting.text)
    assert "only administrators see" not in meeting.text

    minutes_path = f"{meeting_path}/minutes"
    assert minutes_path in links(meeting.text)
    minutes = await client.get(minutes_path, headers=HTML)
    assert minutes.status_code == 200
    assert "Approved and published" in minutes.text
    pdf = await client.get(pdf_links[0])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The JSON API keeps its contract: a meeting is for members.
    api_meeting = await client.get(f"/api/v1/orgs/{org}/meetings/{m.first}")
    assert api_meeting.status_code == 401


async def test_a_members_only_record_sends_the_reader_to_sign_in_and_back(api: Api) -> None:
    m = await published(api, public=False)
    org = m.board.org
    client = api.client
    client.cookies.clear()
    meeting_path = f"/orgs/{org}/meetings/{m.first}"
    wall = await client.get(meeting_path, headers=HTML)
    assert wall.status_code == 303
    assert wall.headers["location"] == f"/sign-in?next={meeting_path}"
    sign_in = await client.get(wall.headers["location"], headers=HTML)
    assert "is for members of the organisation" in sign_in.text
    assert f'name="next" value="{meeting_path}"' in sign_in.text
