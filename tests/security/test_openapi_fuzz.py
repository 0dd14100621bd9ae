"""Schemathesis against /schema/openapi.json on a real server (a subprocess on a fresh SQLite
database), signed in as an org admin and as a plain member: no 5xx, and no response that
breaks the schema the server itself publishes.

Bounded for CI: a few examples per operation (`FUZZ_EXAMPLES`, default 6), positive and
negative data. Error status codes (401/403/404/409) are not all documented in the OpenAPI
document, so `status_code_conformance` is not checked; the authorization matrix pins those.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.helpers import PASSWORD

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _governance(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "governance.cli", *args],
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _token(base: str, email: str) -> str:
    session = requests.Session()
    login = session.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    made = session.post(
        f"{base}/api/v1/auth/tokens",
        json={"name": "fuzz"},
        headers={"x-csrftoken": session.cookies["csrftoken"]},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["token"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A server on a fresh database with an organisation, its admin and a member."""
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    port = _free_port()
    env = {
        **os.environ,
        "GOVERNANCE_DATABASE_URL": f"sqlite:///{path}",
        "GOVERNANCE_ENV": "test",
        "GOVERNANCE_PASSWORD_HASHING": "fast",
    }
    _governance(env, "migrate")
    _governance(
        env,
        "admin",
        "create",
        "--email",
        "root@fuzz.example",
        "--name",
        "Root",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "governance.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        root = {"Authorization": f"Bearer {_token(base, 'root@fuzz.example')}"}
        made = requests.post(
            f"{base}/api/v1/orgs", json={"slug": "acme", "name": "Acme"}, headers=root, timeout=30
        )
        assert made.status_code == 201, made.text
        for name, roles in (("admin", ["admin"]), ("member", [])):
            added = requests.post(
                f"{base}/api/v1/orgs/acme/members",
                json={
                    "email": f"{name}@fuzz.example",
                    "display_name": name.title(),
                    "roles": roles,
                    "password": PASSWORD,
                },
                headers=root,
                timeout=30,
            )
            assert added.status_code == 201, added.text
        board = requests.post(
            f"{base}/api/v1/orgs/acme/bodies",
            json={"slug": "board", "name": "Board", "kind": "board", "seats": 5},
            headers=root,
            timeout=30,
        )
        assert board.status_code == 201, board.text
        yield {
            "base": base,
            "admin": {"Authorization": f"Bearer {_token(base, 'admin@fuzz.example')}"},
            "member": {"Authorization": f"Bearer {_token(base, 'member@fuzz.example')}"},
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_openapi_as_admin_and_member(server: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_url(f"{server['base']}/schema/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            for who in ("admin", "member"):
                case.call_and_validate(base_url=server["base"], headers=server[who], checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # report every operation
            failures.append(f"{operation.label}: {error}")
    assert operations > 30
    assert not failures, "\n\n".join(failures)
