"""The worker-process renderer: bounded, timed, and able to recover from a stuck worker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from governance.errors import InvalidInput, Unavailable
from governance.minutes.renderer import PdfRenderer
from tests.unit.minutes.minutes_samples import (
    APPROVAL,
    AUDIT_HASH,
    PUBLISHED_AT,
    SAMPLE_NOTES,
    crashing_render,
    render_sample,
    sample_record,
    slow_render,
)


def sample_arguments(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "record": sample_record(),
        "notes_html": SAMPLE_NOTES,
        "approval": APPROVAL,
        "audit_head_hash": AUDIT_HASH,
        "page_size": "A4",
        "version": 2,
        "published_at": PUBLISHED_AT,
    }
    arguments.update(overrides)
    return arguments


@pytest.fixture
def renderers() -> Iterator[list[PdfRenderer]]:
    """Renderers made by a test, closed after it whatever happened."""
    made: list[PdfRenderer] = []
    yield made
    for renderer in made:
        renderer.close()


def make(renderers: list[PdfRenderer], *args: Any, **kwargs: Any) -> PdfRenderer:
    renderer = PdfRenderer(*args, **kwargs)
    renderers.append(renderer)
    return renderer


async def test_renders_in_a_worker_the_same_bytes(renderers: list[PdfRenderer]) -> None:
    renderer = make(renderers, max_concurrent=2, timeout_seconds=120)
    pdf = await renderer.render(**sample_arguments())
    assert pdf.startswith(b"%PDF-1.7")
    assert pdf == render_sample("A4")  # another process, the same bytes


async def test_a_real_render_over_a_tiny_time_limit_is_unavailable(
    renderers: list[PdfRenderer],
) -> None:
    renderer = make(renderers, timeout_seconds=0.01)
    with pytest.raises(Unavailable) as caught:
        await renderer.render(**sample_arguments())
    assert caught.value.detail.startswith("The PDF could not be made: it took longer than")
    assert caught.value.detail.endswith("Nothing was published; please try again.")
    assert caught.value.status == 503


async def test_a_stuck_worker_is_killed_and_the_pool_recovers(
    renderers: list[PdfRenderer],
) -> None:
    renderer = make(renderers, max_concurrent=1, timeout_seconds=3, render_function=slow_render)
    await renderer.render(seconds=0)  # start the worker, so the limit times the render only
    stuck_pool = renderer._pool
    assert stuck_pool is not None
    workers = list(stuck_pool._processes.values())  # type: ignore[attr-defined]
    started = time.monotonic()
    with pytest.raises(Unavailable, match="took longer than 3 seconds"):
        await renderer.render(seconds=60)
    assert time.monotonic() - started < 15
    assert all(not worker.is_alive() for worker in workers)
    assert await renderer.render(seconds=0) == b"%PDF-stand-in"
    assert renderer._pool is not stuck_pool


async def test_a_crashed_worker_is_unavailable_then_recovers(
    renderers: list[PdfRenderer],
) -> None:
    renderer = make(renderers, timeout_seconds=60, render_function=crashing_render)
    with pytest.raises(Unavailable, match="stopped unexpectedly"):
        await renderer.render()
    renderer._render_function = slow_render
    assert await renderer.render(seconds=0) == b"%PDF-stand-in"


async def test_domain_errors_from_the_worker_pass_through(renderers: list[PdfRenderer]) -> None:
    renderer = make(renderers, timeout_seconds=120)
    with pytest.raises(InvalidInput) as caught:
        await renderer.render(**sample_arguments(page_size="A5"))
    assert caught.value.field == "page_size"


async def test_other_worker_errors_become_unavailable(renderers: list[PdfRenderer]) -> None:
    renderer = make(renderers, timeout_seconds=120)
    with pytest.raises(Unavailable, match="the renderer failed \\(TypeError\\)"):
        await renderer.render(unexpected_argument=True)


async def test_at_most_max_concurrent_renders_run_at_once(
    renderers: list[PdfRenderer],
) -> None:
    renderer = make(renderers, max_concurrent=1, timeout_seconds=10, render_function=slow_render)
    await renderer.render(seconds=0)  # warm the single worker
    started = time.monotonic()
    results = await asyncio.gather(*(renderer.render(seconds=0.4) for _ in range(3)))
    assert results == [b"%PDF-stand-in"] * 3
    assert time.monotonic() - started >= 1.2


async def test_a_closed_renderer_refuses(renderers: list[PdfRenderer]) -> None:
    renderer = make(renderers, render_function=slow_render)
    await renderer.render(seconds=0)
    renderer.close()
    with pytest.raises(Unavailable, match="shutting down"):
        await renderer.render(seconds=0)


def test_limits_must_be_sensible() -> None:
    with pytest.raises(ValueError, match="max_concurrent"):
        PdfRenderer(max_concurrent=0)
    with pytest.raises(ValueError, match="timeout_seconds"):
        PdfRenderer(timeout_seconds=0)
