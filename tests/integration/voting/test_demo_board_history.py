"""The demo's board history: decisions of every method, and a secret vote open for the
director, who is seated, present and has not voted."""

from __future__ import annotations

from collections import Counter

from governance import demo
from tests.helpers import Api


async def test_the_demo_has_a_history_and_an_open_secret_vote(api: Api) -> None:
    await demo._seed(api.runtime)
    director = await api.sign_in_token("director@riverside.example", demo.PASSWORD)
    headers = {"Authorization": f"Bearer {director}"}
    listed = await api.client.get("/api/v1/orgs/riverside/motions", headers=headers)
    assert listed.status_code == 200, listed.text
    motions = listed.json()["motions"]
    decided = [m for m in motions if m["status"] in ("carried", "failed")]
    assert len(decided) >= 12
    assert {m["method"] for m in decided} == {"roll_call", "secret", "show_of_hands"}
    assert {m["kind"] for m in decided} == {"main", "amendment", "approve_minutes", "appointment"}
    assert {m["threshold"] for m in decided} == {
        "majority",
        "two_thirds",
        "majority_of_seats",
        "unanimous",
    }
    assert Counter(m["status"] for m in decided)["failed"] >= 2
    assert any(m["recusals"] for m in decided)
    assert any(len(m["texts"]) == 2 for m in decided)
    assert any(m["written_consent"] for m in decided)

    open_for_me = await api.client.get(
        "/api/v1/orgs/riverside/motions?open_for=me", headers=headers
    )
    [ballot] = open_for_me.json()["motions"]
    assert ballot["method"] == "secret" and ballot["status"] == "voting"
    assert ballot["you"] == {
        "can_vote": True,
        "voted": False,
        "recused": False,
        "reason": None,
        "seated": True,
        "mover": False,
        "chair": False,
        "present": True,
        "presides": False,
        "presiding_reason": "The chair, Alex Rivera, presides.",
    }
    cast = await api.client.post(
        f"/api/v1/orgs/riverside/motions/{ballot['id']}/votes",
        headers=headers,
        json={"choice": "yes"},
    )
    assert cast.status_code == 201, cast.text
    assert len(cast.json()["receipt"]) == 28  # 140 random bits, Crockford base32
    verify = await api.client.get("/api/v1/orgs/riverside/audit/verify", headers=headers)
    assert verify.json()["ok"] is True
