"""The published minutes PDF as a member downloads it: a file name people can read
(organisation, body, date), times in the organisation's zone, named, and signature lines."""

from __future__ import annotations

from urllib.parse import unquote

from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting, pdf_text


async def test_the_pdf_has_a_readable_name_and_london_times(api: Api) -> None:
    m = await minuted_meeting(api)
    await m.approve()
    published = await api.post(m.path(tail="/minutes/publish"), "secretary")
    assert published.status_code == 200, published.text
    fetched = await api.client.get(published.json()["url"], headers=api.people["reader"].headers)
    assert fetched.status_code == 200
    disposition = fetched.headers["content-disposition"]
    assert disposition.startswith("inline; ")
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    exact = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert plain.startswith("Acme") and " - Board - minutes 20" in plain, plain
    assert plain.endswith(".pdf") and exact == plain
    assert "/" not in plain and "mtg" not in plain

    text = pdf_text(fetched.content)
    assert "Times are in Europe/London" in text
    assert " GMT" in text or " BST" in text
    assert "UTC" not in text.replace("UTC+", "")
    assert "Signed by the chair" in text and "Signed by the secretary" in text
