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


async def test_the_demo_history_is_dated_at_its_meetings(api: Api) -> None:
    """Issue 13: every demo decision was dated the day the demo was seeded, and a
    1 November meeting 'opened' on 1 December. Now each meeting sits on its own evening
    (19:00 in the organisation's zone), its decisions are dated that evening, and the
    audit chain's times never go backwards."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from governance.db import fetch_rows

    await demo._seed(api.runtime)
    zone = ZoneInfo(api.runtime.settings.time_zone)
    chair = await api.sign_in_token("chair@riverside.example", demo.PASSWORD)
    headers = {"Authorization": f"Bearer {chair}"}
    meetings = (
        await api.client.get("/api/v1/orgs/riverside/bodies/board/meetings", headers=headers)
    ).json()["meetings"]
    past = [
        (await api.client.get(f"/api/v1/orgs/riverside/meetings/{m['id']}", headers=headers)).json()
        for m in meetings
        if m["status"] == "adjourned"
    ]
    assert len(past) == 3
    days = set()
    for meeting in past:
        scheduled = datetime.fromisoformat(meeting["scheduled_for"]).astimezone(zone)
        opened = datetime.fromisoformat(meeting["opened_at"]).astimezone(zone)
        adjourned = datetime.fromisoformat(meeting["adjourned_at"]).astimezone(zone)
        assert (scheduled.hour, scheduled.minute) == (19, 0), meeting
        assert scheduled <= opened < adjourned < scheduled + timedelta(hours=3), meeting
        assert opened.date() == adjourned.date() == scheduled.date()
        days.add(scheduled.date())
        motions = (
            await api.client.get(
                f"/api/v1/orgs/riverside/meetings/{meeting['id']}/motions", headers=headers
            )
        ).json()["motions"]
        for motion in motions:
            if motion["decided_at"]:
                decided = datetime.fromisoformat(motion["decided_at"])
                assert opened <= decided <= adjourned, (meeting["title"], motion["title"])
    assert len(days) == 3
    now = datetime.now(UTC)
    decided_days = {
        datetime.fromisoformat(r[0] if isinstance(r[0], str) else r[0].isoformat()).date()
        for r in await fetch_rows(
            api.runtime.engine, "SELECT decided_at FROM motion WHERE decided_at IS NOT NULL"
        )
    }
    assert len(decided_days) >= 4  # three evenings and today (and the written consent)
    everything = (await api.client.get("/api/v1/orgs/riverside/motions", headers=headers)).json()[
        "motions"
    ]
    for motion in everything:  # nothing is dated after the demo was seeded
        for key in ("created_at", "decided_at"):
            if motion[key]:
                assert datetime.fromisoformat(motion[key]) <= now, (motion["title"], key)
