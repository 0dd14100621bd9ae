"""The count report as an archival PDF: what it prints, the report it carries, the same bytes
every time, and the route members fetch it from (409 until the count)."""

from __future__ import annotations

import io
import json
from typing import Any

from pypdf import PdfReader

from governance.elections.casting import cast_ballot
from governance.elections.counting import ensure_counted
from governance.elections.published_report import published_report
from governance.minutes.document import canonical_json
from governance.minutes.election_report_pdf import (
    REPORT_ATTACHMENT_NAME,
    build_count_report_html,
    render_count_report_pdf,
)
from tests.helpers import PASSWORD, Api, Person
from tests.integration.elections.conftest import SLUG, Org


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


async def counted_election(org: Org, *, close: bool = True) -> str:
    """Four stand for two seats, Cat for a reserved seat; nine members vote."""
    for name in ("ann", "bob", "cat", "dan"):
        await org.member(name, lived_experience=name == "cat")
    for i in range(9):
        await org.member(f"v{i}")
    election = await org.election(seats=2)
    ann, bob, cat, dan = [
        await org.candidate(election, name, le=name == "cat", n=n)
        for n, name in enumerate(("ann", "bob", "cat", "dan"))
    ]
    rankings = [[ann, bob]] * 4 + [[bob, cat]] * 2 + [[cat, dan]] * 2 + [[dan, cat]]
    for i, ranking in enumerate(rankings):
        await cast_ballot(org.runtime, org.actor(f"v{i}"), SLUG, election, ranking=ranking)
    if close:
        await org.close(election)
    return election


async def test_the_pdf_prints_the_count_and_carries_the_report(org: Org) -> None:
    election = await counted_election(org)
    result = await ensure_counted(org.runtime, election)
    assert result is not None
    report, meta = await published_report(org.runtime, org.actor("v0"), SLUG, election)
    assert report == result["report"]
    assert meta["title"] == "Board election" and meta["body"] == "Board"
    assert meta["ballots"] == 9 and meta["box_digest"] == result["seed"]

    pdf = render_count_report_pdf(report, meta)
    assert pdf.startswith(b"%PDF-")
    words = pdf_text(pdf)
    assert "Count report: Board election" in words
    assert f"Quota {report['quota']}" in words
    assert "Ballots cast 9" in words
    # A board half of lived experience reserves one of the two seats: Cat, who stood for
    # it, is elected in place of Bob (who is doomed, as is Dan).
    assert report["elected"] == ["Ann", "Cat"]
    assert "Elected, in the order they were elected: Ann Cat" in words
    assert "The reservation was met." in words
    assert "Standing for the reserved seats: Cat." in words
    assert "Doomed: Bob and Dan: cannot be elected without leaving a reserved seat" in words
    assert meta["box_digest"] in words

    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == [REPORT_ATTACHMENT_NAME]
    (attached,) = reader.attachments[REPORT_ATTACHMENT_NAME]
    assert json.loads(attached) == report
    assert attached.decode() == canonical_json(report)
    filespec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert filespec["/AFRelationship"] == "/Data"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root  # tagged, as the minutes
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Count report: Board election (Board)"
    assert metadata["/CreationDate"] == metadata["/ModDate"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp  # PDF/A-3b

    # The same report and facts give the same bytes; another digest gives others.
    assert render_count_report_pdf(report, meta) == pdf
    assert render_count_report_pdf(report, {**meta, "box_digest": "0" * 64}) != pdf


async def test_the_printed_html_is_the_pages_partial_with_the_heading_facts(org: Org) -> None:
    election = await counted_election(org)
    report, meta = await published_report(org.runtime, org.actor("v0"), SLUG, election)
    html = build_count_report_html(report, {**meta, "time_zone": "Europe/London"})
    assert 'class="count-report"' in html and "How the votes were counted" in html
    assert "Times are in Europe/London." in html
    assert html.count('class="table-scroll"') >= 1  # the stage table(s)


def _problem(response: Any) -> str:
    return str(response.json().get("detail", ""))


async def _signed_in(api: Api, name: str) -> None:
    email = f"{name}@vote.example"
    api.people[name] = Person(email=email, token=await api.sign_in_token(email, PASSWORD))


async def test_the_route_answers_409_until_the_count_then_the_pdf(api: Api, org: Org) -> None:
    election = await counted_election(org, close=False)
    await _signed_in(api, "v0")
    path = f"/orgs/{SLUG}/elections/{election}/report.pdf"

    early = await api.get(path, "v0")
    assert early.status_code == 409, early.text
    assert _problem(early) == "The report is published once voting has closed and been counted."
    assert (await api.get(path)).status_code == 401  # members only

    await org.close(election)
    response = await api.get(path, "v0")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    result = await ensure_counted(org.runtime, election)
    assert result is not None
    words = pdf_text(pdf)
    for name in result["report"]["elected"]:
        assert name in words
    (attached,) = PdfReader(io.BytesIO(pdf)).attachments[REPORT_ATTACHMENT_NAME]
    assert json.loads(attached) == result["report"]

    report, meta = await published_report(org.runtime, org.actor("v0"), SLUG, election)
    assert pdf == render_count_report_pdf(report, meta)  # the worker's bytes are the same

    etag = response.headers["etag"]
    again = await api.get(path, "v0", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    await _signed_in(api, "v1")
    other_member = await api.get(path, "v1")
    assert other_member.status_code == 200 and other_member.content == pdf
    assert other_member.headers["etag"] == etag
    other = await api.get(f"/orgs/{SLUG}/elections/no-such-election/report.pdf", "v0")
    assert other.status_code == 404
    await api.org("elsewhere")
    await api.add_member("elsewhere", "outsider", by="root")
    assert (await api.get(path, "outsider")).status_code == 404  # not a member here
