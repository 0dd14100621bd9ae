"""Make PDFs (minutes, count reports) off the event loop, in worker processes, bounded, timed.

WeasyPrint takes about two seconds for a ten-page document and holds the GIL throughout, so
a thread would still stall every other request: rendering runs in a small process pool
(spawned, not forked, so no locks or sockets of the web process are inherited). A semaphore
admits at most `max_concurrent` renders at a time, so a burst waits here rather than in the
pool's queue, and the time limit counts rendering only, not waiting. A render that overruns
the limit leaves its worker busy forever, so the whole pool is torn down (its processes
killed) and a fresh one is started for the next render.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from governance.errors import DomainError, Unavailable
from governance.minutes.pdf import render_minutes_pdf

log = logging.getLogger(__name__)

# Fonts and Pango caches grow a little with every document; recycling keeps a worker's
# memory near the ~85 MB one render needs.
TASKS_PER_WORKER = 50
_KILL_GRACE_SECONDS = 2.0


def _failure(reason: str) -> Unavailable:
    return Unavailable(
        f"The PDF could not be made: {reason}. Nothing was published; please try again."
    )


def _lower_priority() -> None:
    """Renders yield the CPU to the web process: a long PDF must not slow every request."""
    with contextlib.suppress(OSError):
        os.nice(10)


class PdfRenderer:
    """Run `render_minutes_pdf` (or any PDF function, `render_with`) in worker processes.

    One instance per application; share it between requests and call `close()` at shutdown.
    `render_function` exists for tests (a function that hangs or crashes); it must be a
    module-level function so a spawned worker can import it.
    """

    def __init__(
        self,
        max_concurrent: int = 2,
        timeout_seconds: float = 60.0,
        *,
        render_function: Callable[..., bytes] = render_minutes_pdf,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        if timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        self.max_concurrent = max_concurrent
        self.timeout_seconds = timeout_seconds
        self._render_function = render_function
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._in_flight = 0
        self._closed = False

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise _failure("the renderer is shutting down")
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.max_concurrent,
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=TASKS_PER_WORKER,
                    initializer=_lower_priority,
                )
            return self._pool

    def _discard_pool(self, pool: ProcessPoolExecutor) -> None:
        """Kill a pool whose worker is stuck or dead; the next render starts a new one.

        Other renders running in the same pool fail too (as `Unavailable`): there is no way
        to stop one worker of a `ProcessPoolExecutor` without breaking the pool.
        """
        with self._lock:
            if self._pool is pool:
                self._pool = None
        _kill(pool)

    async def render(self, **kwargs: Any) -> bytes:
        """Render minutes in a worker; the keyword arguments are those of `render_minutes_pdf`."""
        return await self.render_with(self._render_function, **kwargs)

    async def render_with(self, function: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
        """Run `function(*args, **kwargs)` in a worker and return the PDF bytes it makes.

        `function` must be module-level (a spawned worker imports it by name) and its
        arguments picklable. Every PDF shares this pool, its bound and its time limit.
        Domain errors from the renderer (a malformed record is `InvalidInput`) are raised as
        they are; a timeout, a crashed worker or any other failure is `Unavailable`.
        """
        async with self._semaphore:
            pool = self._get_pool()
            try:
                future = pool.submit(function, *args, **kwargs)
            except (BrokenProcessPool, RuntimeError) as error:
                self._discard_pool(pool)
                raise _failure("the rendering process could not start") from error
            self._in_flight += 1
            try:
                result = await asyncio.wait_for(
                    asyncio.wrap_future(future), timeout=self.timeout_seconds
                )
            except TimeoutError:
                log.warning("PDF render overran %.1f s; restarting the pool",
                            self.timeout_seconds)  # fmt: skip
                await asyncio.to_thread(self._discard_pool, pool)
                raise _failure(f"it took longer than {self.timeout_seconds:g} seconds") from None
            except BrokenProcessPool as error:
                log.error("PDF worker died; restarting the pool")
                await asyncio.to_thread(self._discard_pool, pool)
                raise _failure("the rendering process stopped unexpectedly") from error
            except DomainError:
                raise
            except Exception as error:
                log.exception("PDF render failed")
                raise _failure(f"the renderer failed ({type(error).__name__})") from error
            finally:
                self._in_flight -= 1
            if not isinstance(result, bytes):
                raise _failure("the renderer returned no document")
            return result

    def close(self) -> None:
        """Stop the workers. Idle workers exit cleanly; busy ones are killed."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is None:
            return
        if self._in_flight:
            _kill(pool)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    # `_processes` is private, but it is the only handle on the workers; shutdown() alone
    # waits for (or, with wait=False, abandons) a worker that never finishes.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(_KILL_GRACE_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(_KILL_GRACE_SECONDS)
