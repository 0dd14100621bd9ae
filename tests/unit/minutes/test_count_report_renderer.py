"""`PdfRenderer.render_with`: the count report PDF made in the minutes' worker pool, under the
same time limit, with the same errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from governance.elections.count import count_stv, make_election
from governance.errors import InvalidInput, Unavailable
from governance.minutes.election_report_pdf import render_count_report_pdf
from governance.minutes.renderer import PdfRenderer
from tests.unit.minutes.minutes_samples import slow_render

META = {
    "organisation": "Riverside Peer Network",
    "body": "Board of Directors",
    "title": "Board election 2026",
    "closes_at": "2026-03-01T17:00:00+00:00",
    "ballots": 5,
    "box_digest": "ab" * 32,
}


def sample_report() -> dict[str, Any]:
    election = make_election(["Ann", "Bob", "Cat"], 1, [(1,), (1, 2), (2,), (3, 2), (3,)])
    return count_stv(election, seed="ab" * 32).to_dict()


@pytest.fixture
def renderer() -> Iterator[PdfRenderer]:
    made = PdfRenderer(max_concurrent=1, timeout_seconds=120)
    yield made
    made.close()


async def test_render_with_makes_the_count_report_in_a_worker(renderer: PdfRenderer) -> None:
    report = sample_report()
    pdf = await renderer.render_with(render_count_report_pdf, report, META)
    assert pdf == render_count_report_pdf(report, META)  # another process, the same bytes


async def test_render_with_passes_domain_errors_and_keeps_the_time_limit(
    renderer: PdfRenderer,
) -> None:
    without_title = {k: v for k, v in META.items() if k != "title"}
    with pytest.raises(InvalidInput, match="missing title"):
        await renderer.render_with(render_count_report_pdf, sample_report(), without_title)
    renderer.timeout_seconds = 2
    await renderer.render_with(slow_render, seconds=0)  # the worker has started
    with pytest.raises(Unavailable, match="took longer than 2 seconds"):
        await renderer.render_with(slow_render, seconds=60)
