"""Written consents fail at their closing time without anyone having to look at them.

`consent_expiry(runtime)` runs `close_expired_consents` every `interval` seconds for as long
as the app is up (the app's lifespan enters it). Reads and votes also fail a due consent
lazily (`governance.motions.expiry.expire_if_due`), so the task only makes sure the record,
the audit chain and the decision log catch up when nobody is looking. With several workers
each runs it; `expire_if_due` locks the motion and checks again, so a consent is only
ever closed once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from governance.motions.expiry import close_expired_consents
from governance.runtime import Runtime

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 30.0
#: How long shutdown waits for a pass already under way before cancelling it.
SHUTDOWN_GRACE_SECONDS = 10.0


async def expire_consents_every(runtime: Runtime, interval: float, stop: asyncio.Event) -> None:
    """Until `stop` is set: wait `interval` seconds, then fail every consent that is due."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
        if stop.is_set():
            return
        try:
            closed = await close_expired_consents(runtime)
        except Exception:  # keep going: the next pass (or the next read) will retry
            log.exception("closing expired written consents failed")
        else:
            if closed:
                log.info("closed %d expired written consent(s)", len(closed))


@contextlib.asynccontextmanager
async def consent_expiry(
    runtime: Runtime, interval: float = INTERVAL_SECONDS
) -> AsyncIterator[asyncio.Task[None]]:
    """Run `expire_consents_every` in the background while the block runs.

    On exit a pass under way may finish (its transaction is not cut short) for up to
    `SHUTDOWN_GRACE_SECONDS`; after that the task is cancelled.
    """
    stop = asyncio.Event()
    task = asyncio.create_task(
        expire_consents_every(runtime, interval, stop), name="consent-expiry"
    )
    try:
        yield task
    finally:
        stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=SHUTDOWN_GRACE_SECONDS)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
