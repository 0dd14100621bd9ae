"""The minutes in the web pages: the secretary edits the draft notes in a form labelled
`Notes`; once published, the meeting page links to "Minutes (PDF)"."""

from __future__ import annotations

from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting


async def test_notes_form_then_a_link_to_the_published_pdf(api: Api) -> None:
    m = await minuted_meeting(api)
    org = m.board.org
    page_path = f"/orgs/{org}/meetings/{m.first}/minutes"
    secretary = api.people["secretary"].headers

    form = await api.client.get(page_path, headers=secretary)
    assert form.status_code == 200, form.text
    assert '<label for="notes"' in form.text and ">Notes<" in form.text
    saved = await api.client.post(
        page_path, headers=secretary, data={"notes": "We *welcomed* two new members."}
    )
    assert saved.status_code == 303, saved.text
    assert (await api.get(m.path(), "secretary")).json()["notes"] == (
        "We *welcomed* two new members."
    )
    hidden = await api.client.get(page_path, headers=api.people["reader"].headers)
    assert "welcomed" not in hidden.text

    await m.approve()
    published = await api.client.post(f"{page_path}/publish", headers=secretary)
    assert published.status_code == 303, published.text
    meeting_page = await api.client.get(
        f"/orgs/{org}/meetings/{m.first}", headers=api.people["reader"].headers
    )
    assert meeting_page.status_code == 200
    url = (await api.get(m.path(), "reader")).json()["published"]["url"]
    assert f'<a href="{url}">Minutes (PDF)</a>' in meeting_page.text
    pdf = await api.client.get(url, headers=api.people["reader"].headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    shown = await api.client.get(page_path, headers=api.people["reader"].headers)
    assert "<em>welcomed</em>" in shown.text and "Minutes (PDF)" in shown.text
