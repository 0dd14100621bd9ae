"""The minutes of a meeting, end to end on every engine: drafted by the secretary, approved
by a motion at the next meeting, published as a PDF that is the same bytes on every fetch
and states the record, then corrected as a new version while the first stays readable."""

from __future__ import annotations

import hashlib

from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting, pdf_record, pdf_text

NOTES = "## Discussion\n\nThe board **thanked** the volunteers. <script>alert(1)</script>"


async def test_draft_approve_publish_fetch_and_correct(api: Api) -> None:
    m = await minuted_meeting(api)
    board = m.board

    # The draft: the record is derived from the meeting; only record keepers see it.
    saved = await api.put(m.path(), "secretary", json={"notes": NOTES})
    assert saved.status_code == 200, saved.text
    draft = saved.json()
    assert (draft["status"], draft["version"], draft["notes"]) == ("draft", 1, NOTES)
    assert "<script>" not in draft["notes_html"]
    assert "<strong>thanked</strong>" in draft["notes_html"]
    record = draft["record"]
    assert {p["display_name"]: p["status"] for p in record["attendance"]} == {
        "Chair": "present", "Secretary": "present", "D1": "present", "D2": "remote",
        "D3": "excused", "D4": "absent",
    }  # fmt: skip
    assert record["quorum"]["met"] is True
    [opening] = record["quorum"]["events"]
    assert (opening["met"], opening["present"], opening["required"]) == (True, 4, 4)
    assert record["meeting"]["agenda"] == ["Welcome", "Budget"]
    roll, secret = record["motions"]
    assert (roll["mover"], roll["seconder"], roll["method"], roll["status"]) == (
        "D1", "Secretary", "roll_call", "carried",
    )  # fmt: skip
    assert roll["tally"] == {"yes": 3, "no": 1, "abstain": 0, "eligible": 4, "voted": 4}
    assert {v["display_name"]: v["choice"] for v in roll["votes"]}["D2"] == "no"
    assert secret["recusals"] == ["D2"] and secret["votes"] == []
    assert secret["tally"]["yes"] == 2 and secret["tally"]["no"] == 1
    for outsider in ("d1", "reader"):
        refused = await api.get(m.path(), outsider)
        assert refused.status_code == 404, refused.text
        assert NOTES not in refused.text
    assert (await api.put(m.path(), "d1", json={"notes": "mine"})).status_code == 403
    assert (await api.post(m.path(tail="/minutes/publish"), "secretary")).status_code == 409

    # Approved by a motion at the next meeting, in the closing transaction.
    approver = await m.approve()
    approved = await board.get(m.path().removeprefix(f"/orgs/{board.org}"), "reader")
    assert (approved["status"], approved["version"], approved["notes"]) == ("approved", 1, NOTES)
    assert approved["approved_by_motion"] == approver
    assert approved["record"] == record
    entries, head = await board.audit_head()
    refused = await api.put(m.path(), "secretary", json={"notes": "Rewritten."})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "correction" in refused.json()["detail"]
    assert (await board.audit_head()) == (entries, head)
    assert (await api.get(m.path(), "secretary")).json()["notes"] == NOTES

    # Published once; the same bytes on every fetch, matching the sha256 and the ETag.
    assert (await api.post(m.path(tail="/minutes/publish"), "d1")).status_code == 403
    published = await api.post(m.path(tail="/minutes/publish"), "secretary")
    assert published.status_code == 200, published.text
    sha256, url = published.json()["sha256"], published.json()["url"]
    assert published.json()["audit_head_hash"] == head
    first = await api.client.get(url, headers=api.people["reader"].headers)
    again = await api.client.get(
        m.path(tail="/minutes.pdf").join(["/api/v1", ""]), headers=api.people["reader"].headers
    )
    assert first.status_code == again.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.content == again.content
    assert hashlib.sha256(first.content).hexdigest() == sha256
    assert first.headers["etag"] == again.headers["etag"] == f'"{sha256}"'
    cached = await api.client.get(
        url, headers={**api.people["reader"].headers, "If-None-Match": f'"{sha256}"'}
    )
    assert cached.status_code == 304 and cached.content == b""
    republished = await api.post(m.path(tail="/minutes/publish"), "secretary")
    assert republished.json()["sha256"] == sha256

    # The PDF states the record, the approval and the audit head hash; the JSON matches.
    text = pdf_text(first.content)
    for fact in ("Acme Peers", "Board meeting", "Present remotely", "Excused", "Absent",
                 "Buy ten chairs.", "Hire Pat as coordinator.", "Carried", "Secret ballot",
                 "thanked"):  # fmt: skip
        assert fact in text, fact
    assert roll["number"] in text and secret["number"] in text
    assert head in "".join(text.split())
    assert "Quorum reached at" in text
    assert "D2 No" in text and "D1 Yes" in text
    secret_block = text[text.index(f"Motion {secret['number']}") :]
    for name in ("Chair", "D1 No", "Secretary Yes"):
        assert f"{name} Yes" not in secret_block and f"{name} No" not in secret_block
    assert pdf_record(first.content) == approved["record"]
    shown = await board.get(m.path().removeprefix(f"/orgs/{board.org}"), "reader")
    assert shown["status"] == "published" and shown["published"]["sha256"] == sha256

    # Signed out: nothing while the organisation is private; the PDF once it is public.
    assert (await api.get(m.path(tail="/minutes.pdf"))).status_code == 401
    made_public = await api.patch(f"/orgs/{board.org}", "ada", json={"public": True})
    assert made_public.status_code == 200, made_public.text
    anonymous = await api.get(m.path(tail="/minutes.pdf"))
    assert anonymous.status_code == 200 and anonymous.content == first.content
    assert (await api.get(m.path())).json()["status"] == "published"

    # A correction is a new version, approved by a new motion; version 1 stays readable.
    corrected = await api.post(m.path(tail="/minutes/corrections"), "secretary")
    assert corrected.status_code == 201, corrected.text
    assert (corrected.json()["version"], corrected.json()["status"]) == (2, "draft")
    assert (await api.post(m.path(tail="/minutes/corrections"), "secretary")).status_code == 409
    assert (await api.get(m.path(), "reader")).json()["version"] == 1
    assert (await api.get(m.path() + "?version=2", "reader")).status_code == 404
    fixed = await api.put(m.path(), "secretary", json={"notes": NOTES + "\n\nCorrected."})
    assert fixed.json()["version"] == 2
    await m.approve()
    second = await api.post(m.path(tail="/minutes/publish"), "secretary")
    assert second.status_code == 200 and second.json()["sha256"] != sha256
    assert second.json()["version"] == 2
    old = await api.get(m.path(tail="/minutes.pdf") + "?version=1", "reader")
    assert old.content == first.content
    assert "immutable" in old.headers["cache-control"]
    assert (await api.get(m.path() + "?version=1", "reader")).json()["notes"] == NOTES
    latest = await api.get(m.path(), "reader")
    assert latest.json()["version"] == 2
    assert [v["status"] for v in latest.json()["versions"]] == ["published", "published"]
    verify = await board.get("/audit/verify", "ada")
    assert verify["ok"] is True
