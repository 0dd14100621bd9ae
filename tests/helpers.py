"""Test helpers that act as real people do: over HTTP, with real sign-ins and tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from governance.db import transaction
from governance.members.accounts import create_api_token, create_platform_admin
from governance.runtime import Runtime

PASSWORD = "correct horse battery"


@dataclass
class Person:
    """Someone with an API token; `member_id` is set once they join the organisation."""

    email: str
    token: str
    member_id: str | None = None
    account_id: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Api:
    """Calls the API as a given person (or signed out)."""

    client: httpx.AsyncClient
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def runtime(self) -> Runtime:
        return self.client.app.state.runtime  # type: ignore[attr-defined,no-any-return]

    async def request(self, method: str, path: str, who: str | None = None, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
        if who is not None:
            headers.update(self.people[who].headers)
        self.client.cookies.clear()
        return await self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    async def get(self, path: str, who: str | None = None, **kw: Any) -> Any:
        return await self.request("GET", path, who, **kw)

    async def post(self, path: str, who: str | None = None, **kw: Any) -> Any:
        return await self.request("POST", path, who, **kw)

    async def put(self, path: str, who: str | None = None, **kw: Any) -> Any:
        return await self.request("PUT", path, who, **kw)

    async def patch(self, path: str, who: str | None = None, **kw: Any) -> Any:
        return await self.request("PATCH", path, who, **kw)

    async def platform_admin(self, name: str = "root") -> Person:
        """A platform administrator, created as the CLI does, with an API token."""
        email = f"{name}@platform.example"
        actor = await create_platform_admin(
            self.runtime, email=email, display_name=name.title(), password=PASSWORD
        )
        token = await create_api_token(self.runtime, actor, name="tests")
        person = Person(email=email, token=token["token"], account_id=actor.account_id)
        self.people[name] = person
        return person

    async def sign_in_token(self, email: str, password: str = PASSWORD) -> str:
        """Sign in with the password, then make an API token the way a script would."""
        self.client.cookies.clear()
        response = await self.client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        csrf = self.client.cookies.get("csrftoken")
        created = await self.client.post(
            "/api/v1/auth/tokens", json={"name": "tests"}, headers={"x-csrftoken": csrf}
        )
        assert created.status_code == 201, created.text
        self.client.cookies.clear()
        return str(created.json()["token"])

    async def add_member(
        self,
        org: str,
        name: str,
        *,
        by: str,
        roles: list[str] | None = None,
        lived_experience: bool = False,
    ) -> Person:
        """Add a member with a password, sign them in, and record their own attestation."""
        email = f"{name}@{org}.example"
        response = await self.post(
            f"/orgs/{org}/members",
            by,
            json={
                "email": email,
                "display_name": name.replace("_", " ").title(),
                "roles": roles or [],
                "password": PASSWORD,
            },
        )
        assert response.status_code == 201, response.text
        person = Person(
            email=email, token=await self.sign_in_token(email), member_id=response.json()["id"]
        )
        self.people[name] = person
        if lived_experience:
            attest = await self.put(
                f"/orgs/{org}/members/me/lived-experience", name, json={"lived_experience": True}
            )
            assert attest.status_code == 200, attest.text
        return person

    async def org(self, slug: str = "acme", *, by: str = "root") -> dict[str, Any]:
        response = await self.post(
            "/orgs", by, json={"slug": slug, "name": f"{slug.title()} Peers"}
        )
        assert response.status_code == 201, response.text
        return dict(response.json())


async def in_transaction(runtime: Runtime) -> Any:
    """A write transaction on the application's engine (for tests that tamper on purpose)."""
    return transaction(runtime.engine)


def random_slug() -> str:
    return "t" + secrets.token_hex(4)
