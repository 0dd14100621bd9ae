"""Errors as RFC 9457 problem details, and security headers on every response."""

from __future__ import annotations

import pytest

from governance.members import organisations
from tests.helpers import Api

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-request-id"]


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["detail"] and body["title"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert_security_headers(response)
    return dict(body)


async def ready(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")


async def test_malformed_json_is_a_400_problem(api: Api) -> None:
    await ready(api)
    response = await api.post(
        "/orgs", "root", content=b'{"slug": "x",', headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 400)
    assert "JSON" in body["detail"]


async def test_a_wrong_type_names_the_field(api: Api) -> None:
    await ready(api)
    response = await api.post(
        "/orgs/acme/bodies",
        "root",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": "nine"},
    )
    body = assert_problem(response, 400)
    assert body["field"] == "seats"
    assert "seats" in body["detail"]
    missing = await api.post("/orgs", "root", json={"slug": "x"})
    assert assert_problem(missing, 400)["field"] == "name"


async def test_a_body_over_1_mib_is_refused_with_413(api: Api) -> None:
    await ready(api)
    big = b'{"slug": "x", "name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = await api.post(
        "/orgs", "root", content=big, headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 413)
    assert "1 MiB" in body["detail"]
    assert (await api.get("/orgs/x", "root")).status_code == 404


async def test_unknown_routes_and_methods_are_problems_with_headers(api: Api) -> None:
    await ready(api)
    assert_problem(await api.client.get("/no/such/page"), 404)
    assert_problem(await api.get("/nothing-here"), 404)
    assert_problem(await api.client.delete("/healthz"), 405)


async def test_healthz_and_ordinary_replies_carry_the_security_headers(api: Api) -> None:
    await ready(api)
    health = await api.client.get("/healthz")
    assert health.status_code == 200 and health.text == "ok"
    assert_security_headers(health)
    assert_security_headers(await api.get("/orgs/acme", "root"))
    assert_security_headers(await api.client.get("/schema/openapi.json"))
    ids = {(await api.client.get("/healthz")).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


async def test_domain_errors_are_problems_with_security_headers(api: Api) -> None:
    await ready(api)
    assert_problem(await api.get("/me"), 401)
    assert_problem(await api.post("/orgs", "root", json={"slug": "acme", "name": "x"}), 409)


async def test_an_unexpected_error_is_a_500_without_internals(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await ready(api)

    async def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("secret-internal-detail at /srv/governance/db.py line 42")

    monkeypatch.setattr(organisations, "list_members", broken)
    response = await api.get("/orgs/acme/members", "root")
    body = assert_problem(response, 500)
    for leak in ("secret-internal-detail", "RuntimeError", "Traceback", "/srv/", ".py"):
        assert leak not in response.text
    assert body["request_id"] in body["detail"]
    # The log has the whole story, tied to the same request id.
    logged = [r for r in caplog.records if r.name == "governance.errors"]
    assert any(body["request_id"] in r.getMessage() for r in logged)
    assert any(r.exc_info and "secret-internal-detail" in str(r.exc_info[1]) for r in logged)
