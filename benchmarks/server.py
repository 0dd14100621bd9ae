"""Start and stop the real server (`governance serve`) for a benchmark scenario."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PG_SERVER_URL = os.environ.get(
    "GOVERNANCE_BENCH_POSTGRES_URL",
    os.environ.get("GOVERNANCE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
)
GOVERNANCE = str(Path(sys.executable).with_name("governance"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_url(name: str) -> str:
    base = PG_SERVER_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


async def _pg(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_pg_url("postgres"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def postgres_available() -> bool:
    try:
        asyncio.run(_pg("SELECT 1"))
    except Exception:
        return False
    return True


@contextmanager
def fresh_database(engine: str) -> Iterator[str]:
    """A new empty database URL for `engine` ('sqlite' or 'postgres'), removed afterwards."""
    if engine == "sqlite":
        folder = tempfile.mkdtemp(prefix="gov-bench-")
        try:
            yield f"sqlite:///{folder}/bench.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"gov_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_url(name)
    finally:
        asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def server_env(database_url: str, *, hashing: str = "fast") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GOVERNANCE_DATABASE_URL=database_url,
        GOVERNANCE_ENV="test",
        GOVERNANCE_PASSWORD_HASHING=hashing,
    )
    return env


def run_cli(database_url: str, *args: str, hashing: str = "fast", stdin: str | None = None) -> str:
    result = subprocess.run(
        [GOVERNANCE, *args],
        env=server_env(database_url, hashing=hashing),
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return result.stdout


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def running_server(
    database_url: str, *, workers: int = 1, hashing: str = "fast"
) -> Iterator[Server]:
    """`governance serve` on a free port; stopped with SIGTERM (then SIGKILL) afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            GOVERNANCE,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=server_env(database_url, hashing=hashing),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 60 s")
            time.sleep(0.2)
        yield Server(url=url, process=process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
