"""Run a second application (other settings) over the test's database, in the test's loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from governance.app import create_app
from governance.db import bind_tables
from governance.runtime import Runtime
from governance.settings import Settings


@asynccontextmanager
async def running(
    settings: Settings, *, rebind: Runtime | None = None, client_host: str = "127.0.0.1"
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on a fresh app for `settings`, calling from `client_host`; afterwards the
    tables are bound back to `rebind`'s engine (the test's own app), since binding is
    process-wide."""
    app = create_app(settings)
    started, stop = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(run_lifespan())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()
    try:
        transport = httpx.ASGITransport(app=app, client=(client_host, 50001))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client
    finally:
        stop.set()
        await task
        if rebind is not None:
            bind_tables(rebind.engine)
