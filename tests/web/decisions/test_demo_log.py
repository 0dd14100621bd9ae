"""The demo's history reaches the decision log and its search index."""

from __future__ import annotations

from governance import demo
from tests.helpers import Api


async def test_demo_decisions_are_logged_and_searchable(api: Api) -> None:
    await demo._seed(api.runtime)
    token = await api.sign_in_token("member@riverside.example", demo.PASSWORD)
    headers = {"Authorization": f"Bearer {token}"}
    logged = await api.client.get("/api/v1/orgs/riverside/decisions", headers=headers)
    assert logged.status_code == 200, logged.text
    items = logged.json()["items"]
    assert len(items) >= 12
    assert {"carried", "failed", "withdrawn"} <= {i["outcome"] for i in items}
    found = await api.client.get(
        "/api/v1/orgs/riverside/decisions", params={"q": "minibus"}, headers=headers
    )
    assert [i["title"] for i in found.json()["items"]] == ["Buy a minibus"]
