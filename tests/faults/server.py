"""The real server and the real command, as an operator runs them, for the fault tests.

`Server` runs `governance serve` in its own process group, so a test can stop it the hard
way (`kill -9`, no shutdown hooks) and start it again on the same database. Its output goes
to a log file whose tail is shown when start-up fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

PG_URL = os.environ.get("GOVERNANCE_TEST_POSTGRES_URL", "").strip()
ADMIN_EMAIL = "root@faults.example"
PASSWORD = "fault-test-password"


def governance_command() -> list[str]:
    script = Path(sys.executable).with_name("governance")
    if script.exists():
        return [str(script)]
    found = shutil.which("governance")
    return [found] if found else [sys.executable, "-m", "governance.cli"]


def server_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "GOVERNANCE_ENV": "test",
        "GOVERNANCE_PASSWORD_HASHING": "fast",
        "GOVERNANCE_DATABASE_URL": database_url,
    }
    env.pop("GOVERNANCE_REDIS_URL", None)
    return env


def run_cli(
    database_url: str, *args: str, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`governance ARGS` against `database_url`; the completed process (not checked)."""
    return subprocess.run(
        [*governance_command(), *args],
        env=server_env(database_url),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def create_platform_admin(database_url: str) -> None:
    done = run_cli(
        database_url,
        "admin",
        "create",
        "--email",
        ADMIN_EMAIL,
        "--name",
        "Root",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One `governance serve` process on a free port."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url = database_url
        self.log_path = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> Server:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *governance_command(),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                env=server_env(self.database_url),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited during start-up:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"The server did not start in {timeout} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> None:
        """`kill -9` the whole process group: no shutdown, no flushing, no goodbyes."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    async def kill_during(self, path: str, headers: dict[str, str], after: float = 0.01) -> None:
        """POST `path` and `kill -9` the server `after` seconds later, answered or not."""
        async with httpx.AsyncClient(timeout=30) as client:
            request = asyncio.create_task(client.post(f"{self.url}{path}", headers=headers))
            await asyncio.sleep(after)
            self.kill()
            with contextlib.suppress(httpx.HTTPError):
                await request

    def stop(self) -> None:
        """A normal shutdown (SIGTERM), falling back to SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def serving(database_url: str, log: Path) -> Iterator[Server]:
    server = Server(database_url, log).start()
    try:
        yield server
    finally:
        server.stop()


def _pg_url(name: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_pg_url("postgres"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def empty_database(like_url: str, folder: Path) -> Iterator[str]:
    """A new, empty database on the same engine as `like_url` (dropped afterwards)."""
    if like_url.startswith("sqlite:///"):
        yield f"sqlite:///{folder / f'empty-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"gov_f_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_url(name)
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
