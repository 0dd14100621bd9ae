"""Test databases: every database test runs on a fresh SQLite file and, when
`GOVERNANCE_TEST_POSTGRES_URL` is set, on a fresh PostgreSQL database.

The schema is built by the real migrations, once per session, into a template (a SQLite file
that each test copies; a PostgreSQL template database that each test clones), so a missing
migration fails the suite. With `CI` set and PostgreSQL unreachable, the run fails instead of
quietly testing one engine.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from litestar import Litestar

from governance.settings import Settings

PG_URL = os.environ.get("GOVERNANCE_TEST_POSTGRES_URL", "").strip()
IN_CI = bool(os.environ.get("CI"))

# Speed is measured in benchmarks, never asserted in tests: no per-example deadline on a busy
# developer machine. Under CI, Hypothesis loads its own `ci` profile (derandomized, no
# deadline, no example database), which stays in force.
if not IN_CI:
    hypothesis_settings.register_profile("governance", deadline=None)
    hypothesis_settings.load_profile("governance")


def _pg_database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_pg_database_url(PG_URL, "postgres"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _postgres_reachable() -> bool:
    if not PG_URL:
        return False
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except Exception:
        return False
    return True


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not _postgres_reachable():
        raise pytest.UsageError(
            "CI is set but PostgreSQL is not reachable at GOVERNANCE_TEST_POSTGRES_URL "
            f"({PG_URL or 'unset'}); refusing to run the database tests on SQLite only."
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Playwright's sync API keeps its own event loop running in the main thread until the
    session ends; any asyncio test (or `asyncio.run` in a fixture) after it would fail with
    "cannot be called from a running event loop".
    """
    items.sort(key=lambda item: "browser" in item.nodeid.split("::")[0].split("/"))


ENGINES = ["sqlite", "postgres"] if PG_URL else ["sqlite"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    """What a failed run's log needs to be read: which engines, CI or not, where."""
    server = urlsplit(PG_URL).netloc or "not set"
    return [
        f"governance: engines {', '.join(ENGINES)}; PostgreSQL server {server}; "
        f"CI {'set' if IN_CI else 'unset'}; cwd {Path.cwd()}"
    ]


def test_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for a test: cheap hashing, test environment."""
    return Settings(
        database_url=database_url,
        env="test",
        password_hashing="fast",
        **overrides,  # type: ignore[arg-type]
    )


async def _migrate(url: str) -> None:
    from governance.db import migrate, started_engine

    async with started_engine(test_settings(url)) as engine:
        await migrate(engine)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"gov_tmpl_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        asyncio.run(_migrate(_pg_database_url(PG_URL, name)))
        yield name
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    marker_only = {"postgres_only": "postgres", "sqlite_only": "sqlite"}
    for marker, engine in marker_only.items():
        if request.node.get_closest_marker(marker) and name != engine:
            pytest.skip(f"{marker}: not for {name}")
    return name


@pytest.fixture
def database_url(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if engine_name == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"gov_t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _pg_database_url(PG_URL, name)
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return test_settings(database_url)


class AppClient(httpx.AsyncClient):
    """An HTTP client wired straight to the ASGI application, in the test's own event loop.

    Litestar's AsyncTestClient runs the lifespan in a separate thread and loop, which would
    tie the PostgreSQL pool to a loop the requests never run in.
    """

    app: Litestar


@pytest.fixture(autouse=True, scope="session")
def _wired() -> None:
    """The domains' subscribers and ports, as `create_app` and the CLI register them."""
    from governance.wiring import wire

    wire()


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AppClient]:
    """An HTTP client against the real application (its lifespan runs)."""
    from governance.app import create_app

    app = create_app(settings)
    started, stop = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        # Start-up and shut-down must run in one task (anyio cancel scopes inside).
        async with app.lifespan():
            started.set()
            await stop.wait()

    lifespan_task = asyncio.create_task(run_lifespan())
    await asyncio.wait(
        [lifespan_task, asyncio.create_task(started.wait())], return_when=asyncio.FIRST_COMPLETED
    )
    if lifespan_task.done():
        lifespan_task.result()  # start-up failed: raise its error here
    try:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with AppClient(transport=transport, base_url="http://testserver") as test_client:
            test_client.app = app
            yield test_client
    finally:
        stop.set()
        await lifespan_task


@pytest.fixture
async def api(client: AppClient) -> object:
    """The `Api` helper: several signed-in people over one application."""
    from tests.helpers import Api

    return Api(client)  # type: ignore[arg-type]
