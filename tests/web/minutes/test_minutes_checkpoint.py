"""A published minutes PDF carries the audit log's signed checkpoint current at publication:
printed in the document and attached verbatim, so a member's copy is a checkpoint the
database reader cannot reach."""

from __future__ import annotations

import io

from pypdf import PdfReader

from governance.audit.checkpoint import verify_checkpoint
from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting, pdf_text


async def test_the_published_pdf_carries_the_checkpoint_at_publication(api: Api) -> None:
    m = await minuted_meeting(api)
    assert (await api.put(m.path(), "secretary", json={"notes": "Thanks."})).status_code == 200
    await m.approve()
    before = (await api.get("/orgs/acme/audit/checkpoint", "reader")).text
    published = await api.post(m.path(tail="/minutes/publish"), "secretary")
    assert published.status_code == 200, published.text
    pdf = await api.client.get(published.json()["url"], headers=api.people["reader"].headers)
    assert pdf.status_code == 200
    (attached,) = PdfReader(io.BytesIO(pdf.content)).attachments["audit-checkpoint.txt"]
    note = attached.decode()
    assert note == before  # the log as it stood when the minutes were published
    key = (await api.get("/orgs/acme/audit/key", "reader")).text
    checkpoint = verify_checkpoint(note, key)
    text = pdf_text(pdf.content)
    assert "Signed checkpoint of the audit log at publication" in text
    assert checkpoint.origin in text
    # Readable back from the page: every line of the note, whitespace aside.
    assert "".join(note.split()) in "".join(text.split())
    # The publication itself is logged after it: the log now extends the checkpoint.
    after = verify_checkpoint((await api.get("/orgs/acme/audit/checkpoint", "reader")).text, key)
    assert after.size == checkpoint.size + 1
