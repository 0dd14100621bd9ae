"""What minutes refuse: a failed render publishes nothing, drafts never leak, and approved
minutes are readable only as far as the caller may see them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from governance.minutes.publishing import RENDERER_KEY
from governance.minutes.renderer import PdfRenderer
from governance.minutes.tables import StoredPdf
from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting


@pytest.fixture
def slow_renderer() -> Iterator[PdfRenderer]:
    renderer = PdfRenderer(max_concurrent=1, timeout_seconds=0.01)
    yield renderer
    renderer.close()


async def test_a_failed_render_leaves_the_minutes_approved_and_nothing_stored(
    api: Api, slow_renderer: PdfRenderer
) -> None:
    m = await minuted_meeting(api)
    await m.approve()
    entries_before, head_before = await m.board.audit_head()
    api.runtime.extras[RENDERER_KEY] = slow_renderer

    failed = await api.post(m.path(tail="/minutes/publish"), "secretary")

    assert failed.status_code == 503, failed.text
    assert failed.headers["content-type"].startswith("application/problem+json")
    assert "Nothing was published" in failed.json()["detail"]
    shown = await api.get(m.path(), "reader")
    assert shown.json()["status"] == "approved" and shown.json()["published"] is None
    assert await StoredPdf.count() == 0
    assert (await api.get(m.path(tail="/minutes.pdf"), "reader")).status_code == 404
    assert await m.board.audit_head() == (entries_before, head_before)


async def test_drafts_and_unpublished_minutes_never_leak(api: Api) -> None:
    m = await minuted_meeting(api)
    await api.put(m.path(), "secretary", json={"notes": "Private draft words."})
    made_public = await api.patch(f"/orgs/{m.board.org}", "ada", json={"public": True})
    assert made_public.status_code == 200, made_public.text

    # A draft: the secretary and the chair see it; a director, a member, the public do not.
    assert (await api.get(m.path(), "chair")).json()["status"] == "draft"
    for who in ("d1", "reader", None):
        refused = await api.get(m.path(), who)
        assert refused.status_code == 404, (who, refused.text)
        assert "Private draft words." not in refused.text
        assert (await api.get(m.path() + "?version=1", who)).status_code == 404
    assert (await api.get(m.path(tail="/minutes.pdf"), "reader")).status_code == 404

    # Approved but not published: members read it; the signed-out public still does not.
    await m.approve()
    assert (await api.get(m.path(), "reader")).json()["status"] == "approved"
    assert (await api.get(m.path(), None)).status_code == 404
    assert (await api.get(m.path(tail="/minutes.pdf"), None)).status_code == 404


async def test_only_record_keepers_edit_and_publish(api: Api) -> None:
    m = await minuted_meeting(api)
    for who in ("d1", "reader"):
        assert (await api.put(m.path(), who, json={"notes": "x"})).status_code == 403
        assert (await api.post(m.path(tail="/minutes/corrections"), who)).status_code == 403
    assert (await api.put(m.path(), None, json={"notes": "x"})).status_code == 401
    # The chair may keep the record too; a correction needs approved minutes first.
    assert (await api.put(m.path(), "chair", json={"notes": "By the chair."})).status_code == 200
    assert (await api.post(m.path(tail="/minutes/corrections"), "chair")).status_code == 409
    too_long = await api.put(m.path(), "secretary", json={"notes": "x" * 100_001})
    assert too_long.status_code == 400
    unknown = await api.get(f"/orgs/{m.board.org}/meetings/nope/minutes", "secretary")
    assert unknown.status_code == 404
