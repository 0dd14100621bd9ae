"""The application factory: `create_app(settings)` wires settings, database and routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, MediaType, get
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from governance.db import bind_tables, make_engine, start_engine, stop_engine
from governance.runtime import Runtime
from governance.settings import Settings
from governance.voting.expiry import consent_expiry
from governance.web.api import api_handlers
from governance.web.auth import provide_actor, provide_org_call
from governance.web.input_guard import guard_input
from governance.web.middleware import EdgeMiddleware, security_headers_hook
from governance.web.pages import page_handlers, template_config
from governance.web.problems import EXCEPTION_HANDLERS, document_problems
from governance.wiring import wire


@get("/healthz", media_type=MediaType.TEXT, include_in_schema=False)
async def healthz() -> str:
    """Liveness: answers without touching the database."""
    return "ok"


def create_app(settings: Settings) -> Litestar:
    """Build the application for `settings`. Nothing here reads the environment."""
    logging.basicConfig(level=logging.INFO)
    wire()  # the domains' subscribers and ports; raises if one is missing
    engine = make_engine(settings)
    runtime = Runtime.build(settings, engine)
    runtime.signing_key()  # loaded once at start-up; production refuses to start without it

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        bind_tables(engine)
        await start_engine(engine, pool_max=settings.postgres_pool_max)
        try:
            # Written consents fail at their closing time even if nobody reads them.
            async with consent_expiry(runtime):
                yield
        finally:
            await stop_engine(engine)
            await runtime.close()

    async def provide_runtime() -> Runtime:
        return runtime

    app = Litestar(
        route_handlers=[
            healthz,
            *api_handlers(),
            *page_handlers(),
        ],
        template_config=template_config(settings.zone),
        dependencies={
            "actor": Provide(provide_actor),
            "runtime": Provide(provide_runtime, use_cache=True),
            "call": Provide(provide_org_call),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=guard_input,
        middleware=[DefineMiddleware(EdgeMiddleware)],
        # Security headers on every response, including 404/405 made before any route matches.
        before_send=[security_headers_hook(hsts=settings.secure_cookies)],
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(title="governance", version="1.0.0", path="/schema"),
        request_max_body_size=settings.max_request_bytes,
        debug=False,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    document_problems(app.openapi_schema)
    return app


def app_from_env() -> Any:
    """Uvicorn factory entry point (`governance.app:app_from_env`)."""
    return create_app(Settings.from_env())
