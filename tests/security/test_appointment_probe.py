"""Issue 12 (security review): the appointment motion must not be a lived-experience probe.

The attack as reported: a seated member who is not an org admin moves appointments by
written consent (no meeting needed) and reads the answer. Before the fix the move was
refused with code `quota` exactly when the seats held by members without lived experience
left no seat open to anyone, a count the contract keeps for admins; and `starts_on` was
free, so probing the day before and after a visible seat's end told that one holder's
attestation. Each test builds two worlds that differ only in one member's attestation and
diffs what the attacker is told ("diff the counts", as in test_count_differentials.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.helpers import Api

QUOTA = 0.51  # 9 seats: 5 reserved for members with lived experience, 4 open to anyone
#: Seated on the board of nine (7 filled). `d5` is the one whose attestation flips.
SEATED = {"chair": True, "secretary": False, "d1": False, "d2": False, "d3": True,
          "d4": True, "d5": True}  # fmt: skip
TODAY = datetime.now(UTC).date()


async def world(api: Api) -> None:
    """acme: admin `ada` (not seated); the board of nine with SEATED on it; `late` (no
    attestation) and `kim` (with) not seated."""
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    created = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 9,
              "lived_experience_quota": QUOTA},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    for name, has in SEATED.items():
        await api.add_member("acme", name, by="ada", lived_experience=has)
        role = name if name in ("chair", "secretary") else "director"
        seated = await api.post(
            "/orgs/acme/bodies/board/seats",
            "ada",
            json={"member_id": api.people[name].member_id, "role": role,
                  "starts_on": "2026-01-01"},
        )  # fmt: skip
        assert seated.status_code == 201, seated.text
    await api.add_member("acme", "late", by="ada")
    await api.add_member("acme", "kim", by="ada", lived_experience=True)


async def attest(api: Api, name: str, has: bool) -> None:
    """`name` changes their own attestation: the one difference between the two worlds."""
    done = await api.put(
        "/orgs/acme/members/me/lived-experience", name, json={"lived_experience": has}
    )
    assert done.status_code == 200, done.text


async def move(api: Api, who: str, appointee: str, **terms: str) -> Any:
    """A written-consent appointment of `appointee` moved by `who` (no meeting)."""
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    return await api.post(
        "/orgs/acme/bodies/board/motions",
        who,
        json={
            "title": "Appoint a director",
            "text": "That we appoint them.",
            "closes_at": soon,
            "kind": "appointment",
            "appoints": {
                "member_id": api.people[appointee].member_id,
                "role": "director",
                "starts_on": TODAY.isoformat(),
                **terms,
            },
        },
    )


def answer(response: Any) -> tuple[int, str]:
    """What the attacker reads, with only what differs between any two moves masked: the new
    motion's id, its number, the moments it was made and closes, and the request's id."""
    text = response.text
    if response.status_code == 201:
        made = response.json()
        for value in (made["id"], made["number"], made["created_at"], made["closes_at"]):
            text = text.replace(str(value), "*")
    text = re.sub(r'"request_id":"[^"]*"', '"request_id":"*"', text)
    return response.status_code, re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(?:Z|\+00:00)", "*", text)


async def test_a_non_admins_appointment_answer_is_the_same_whatever_one_attestation(
    api: Api,
) -> None:
    await world(api)
    seen: dict[bool, list[tuple[int, str]]] = {}
    for d5_has in (True, False):  # 3, then 4, of the 7 held seats are not attested
        await attest(api, "d5", d5_has)
        seen[d5_has] = [answer(await move(api, "secretary", who)) for who in ("late", "kim")]
    assert seen[True] == seen[False], seen
    # A seat is free, so each is accepted; the quota is applied when it carries.
    assert [status for status, _ in seen[False]] == [201, 201]
    # The body's public verdict is all the mover was shown, and it says nothing more.
    body = (await api.get("/orgs/acme/bodies/board", "secretary")).json()["composition"]
    assert set(body) == {"seats", "filled", "reserved", "compliant"}


async def test_an_appointment_cannot_start_in_the_past_for_anyone(api: Api) -> None:
    await world(api)
    made_admin = await api.put(
        f"/orgs/acme/members/{api.people['chair'].member_id}/roles",
        "ada",
        json={"roles": ["admin"]},
    )
    assert made_admin.status_code == 200, made_admin.text
    before = (await api.get("/orgs/acme/audit/verify", "ada")).json()["entries"]
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    for who in ("secretary", "chair"):
        refused = await move(api, who, "late", starts_on=yesterday)
        assert refused.status_code == 400, refused.text
        assert refused.json()["field"] == "appoints.starts_on", refused.text
        ends_first = await move(api, who, "late", ends_on=TODAY.isoformat())
        assert ends_first.status_code == 400, ends_first.text
    # Nothing was written: the log has only the world's own entries.
    verify = (await api.get("/orgs/acme/audit/verify", "ada")).json()
    assert verify["ok"] is True and verify["entries"] == before, verify


async def test_the_carry_applies_the_quota_and_names_nobody(api: Api) -> None:
    await world(api)
    await attest(api, "d5", False)  # 4 of 7 held seats not attested: no seat open to anyone
    made = await move(api, "secretary", "late")
    assert made.status_code == 201, made.text
    motion = made.json()["id"]
    second = await api.post(f"/orgs/acme/motions/{motion}/second", "d1")
    assert second.status_code == 200, second.text
    for name in SEATED:
        voted = await api.post(f"/orgs/acme/motions/{motion}/votes", name, json={"choice": "yes"})
        assert voted.status_code == 201, voted.text
    shown = (await api.get(f"/orgs/acme/motions/{motion}", "secretary")).json()
    assert shown["status"] == "failed", shown
    assert "Late" not in str(shown) and not re.search(r"\b\d+ of \d+\b", str(shown))
    entries = (await api.get("/orgs/acme/audit?limit=1000", "ada")).json()["entries"]
    [decided] = [e for e in entries if e["subject"] == f"motion:{motion}" and "reason" in e["data"]]
    assert decided["data"]["reason"] == "appointment no longer possible", decided
    seated = (await api.get("/orgs/acme/bodies/board", "secretary")).json()["seated"]
    assert api.people["late"].member_id not in {s["member_id"] for s in seated}
    # An admin moving it is told the exact rule at once.
    made_admin = await api.put(
        f"/orgs/acme/members/{api.people['chair'].member_id}/roles",
        "ada",
        json={"roles": ["admin"]},
    )
    assert made_admin.status_code == 200, made_admin.text
    refused = await move(api, "chair", "late")
    assert refused.status_code == 409, refused.text
    assert "would break the lived-experience quota" in refused.json()["detail"]
    assert (await move(api, "chair", "kim")).status_code == 201
