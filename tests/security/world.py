"""A prepared organisation for the security tests: one person for every role.

`acme` (private) has an org admin (`admin`, not seated), a plain member (`member`, not
seated), and a board seating `chair`, `secretary` (the body's secretary), `director` and a
spare director `d2` (who moves motions, so every matrix role is "another seated member").
`other` is a second organisation whose admin is the `outsider`. `root` is a platform admin.
A committee (`committee`, 20 seats, no quota) has room for seats made during the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.helpers import Api

ORG = "acme"
ROLES = ["anon", "outsider", "member", "director", "chair", "secretary", "admin", "root"]


@dataclass
class World:
    api: Api
    meeting: str = ""  # in session, everyone seated present
    motion: str = ""  # moved by d2 (not seconded)
    closed_secret: str = ""  # a carried secret-ballot motion
    # The board's completed 2-of-2 key ceremony: its trustees' browsers (the director trustee
    # 1, d2 trustee 2), kept by tests/security/verifiable_cases; a complete key cannot be
    # replaced, so every case that needs it shares it.
    board_key: dict[str, Any] | None = None

    def who(self, role: str) -> str | None:
        return None if role == "anon" else role

    def member_id(self, name: str) -> str:
        member_id = self.api.people[name].member_id
        assert member_id is not None
        return member_id

    async def call(self, method: str, path: str, who: str | None, **kw: Any) -> Any:
        """A request to any path (not only /api/v1), as `who`, with no cookies."""
        headers = dict(kw.pop("headers", {}) or {})
        if who is not None:
            headers.update(self.api.people[who].headers)
        self.api.client.cookies.clear()
        return await self.api.client.request(method, path, headers=headers, **kw)

    async def ok(self, method: str, path: str, who: str, **kw: Any) -> Any:
        response = await self.api.request(method, path, who, **kw)
        assert response.status_code in (200, 201), (method, path, response.text)
        return response.json()

    async def new_meeting(self, *, open_it: bool = True, present: bool = True) -> str:
        created = await self.ok(
            "POST",
            f"/orgs/{ORG}/bodies/board/meetings",
            "secretary",
            json={
                "title": "Board meeting",
                "scheduled_for": "2026-12-01T18:00:00Z",
                "agenda": ["Welcome"],
            },
        )
        meeting = str(created["id"])
        if present:
            for name in ("chair", "secretary", "director", "d2"):
                await self.ok(
                    "POST",
                    f"/orgs/{ORG}/meetings/{meeting}/attendance",
                    "secretary",
                    json={"member_id": self.member_id(name), "status": "present"},
                )
        if open_it:
            await self.ok("POST", f"/orgs/{ORG}/meetings/{meeting}/open", "secretary")
        return meeting

    async def new_motion(
        self, state: str = "moved", *, mover: str = "d2", method: str = "roll_call"
    ) -> str:
        """A motion in the shared meeting: `moved`, `seconded`, `voting` or `closed`."""
        created = await self.ok(
            "POST",
            f"/orgs/{ORG}/meetings/{self.meeting}/motions",
            mover,
            json={"title": "A motion", "text": "That we do the thing.", "method": method},
        )
        motion = str(created["id"])
        if state == "moved":
            return motion
        seconder = "chair" if mover != "chair" else "secretary"
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/second", seconder)
        if state == "seconded":
            return motion
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/open-vote", "chair")
        if state == "voting":
            return motion
        if method == "show_of_hands":
            await self.ok(
                "POST",
                f"/orgs/{ORG}/motions/{motion}/show-of-hands",
                "chair",
                json={"yes": 3, "no": 1, "abstain": 0},
            )
        else:
            for name in ("chair", "secretary", "d2"):
                await self.ok(
                    "POST", f"/orgs/{ORG}/motions/{motion}/votes", name, json={"choice": "yes"}
                )
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/close-vote", "chair")
        return motion

    async def fresh_member(self) -> str:
        """A new member of acme (not one of the matrix roles); their member id."""
        self.made = getattr(self, "made", 0) + 1
        created = await self.ok(
            "POST",
            f"/orgs/{ORG}/members",
            "admin",
            json={"email": f"m{self.made}@acme.example", "display_name": f"Member {self.made}"},
        )
        return str(created["id"])

    async def minuted_meeting(self, *, publish: bool) -> str:
        """An adjourned meeting whose minutes a carried motion approved (and, if asked, the
        secretary published)."""
        meeting = await self.new_meeting()
        await self.ok(
            "PUT",
            f"/orgs/{ORG}/meetings/{meeting}/minutes",
            "secretary",
            json={"notes": "We met."},
        )
        await self.ok("POST", f"/orgs/{ORG}/meetings/{meeting}/adjourn", "secretary")
        created = await self.ok(
            "POST",
            f"/orgs/{ORG}/meetings/{self.meeting}/motions",
            "secretary",
            json={
                "title": "Approve the minutes",
                "text": "That the minutes are approved.",
                "kind": "approve_minutes",
                "minutes_of": meeting,
            },
        )
        motion = str(created["id"])
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/second", "chair")
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/open-vote", "chair")
        for name in ("chair", "secretary", "d2"):
            await self.ok(
                "POST", f"/orgs/{ORG}/motions/{motion}/votes", name, json={"choice": "yes"}
            )
        await self.ok("POST", f"/orgs/{ORG}/motions/{motion}/close-vote", "chair")
        if publish:
            await self.ok("POST", f"/orgs/{ORG}/meetings/{meeting}/minutes/publish", "secretary")
        return meeting

    async def published_meeting(self) -> str:
        """One meeting with published minutes, made on first use (rendering takes a second)."""
        if not getattr(self, "published", ""):
            self.published = await self.minuted_meeting(publish=True)
        return str(self.published)

    async def committee_seat(self) -> str:
        """A fresh seat on the committee, held by a fresh member (not a matrix role)."""
        seat = await self.ok(
            "POST",
            f"/orgs/{ORG}/bodies/committee/seats",
            "admin",
            json={
                "member_id": await self.fresh_member(),
                "role": "director",
                "starts_on": "2026-01-01",
            },
        )
        return str(seat["id"])

    async def invite(self) -> str:
        """A one-time invitation token for a fresh person."""
        self.invites = getattr(self, "invites", 0) + 1
        created = await self.ok(
            "POST",
            f"/orgs/{ORG}/members",
            "admin",
            json={"email": f"invitee{self.invites}@acme.example", "display_name": "Invitee"},
        )
        return str(created["invite_token"])


async def build_world(api: Api) -> World:
    await api.platform_admin()
    await api.org(ORG)
    await api.org("other")
    await api.add_member("other", "outsider", by="root", roles=["admin"])
    await api.add_member(ORG, "admin", by="root", roles=["admin"])
    await api.add_member(ORG, "member", by="admin", lived_experience=True)
    board = await api.post(
        f"/orgs/{ORG}/bodies",
        "admin",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 4},
    )
    assert board.status_code == 201, board.text
    committee = await api.post(
        f"/orgs/{ORG}/bodies",
        "admin",
        json={
            "slug": "committee",
            "name": "Committee",
            "kind": "committee",
            "seats": 40,
            "lived_experience_quota": 0,
        },
    )
    assert committee.status_code == 201, committee.text
    world = World(api=api)
    for name, role in (
        ("chair", "chair"),
        ("secretary", "secretary"),
        ("director", "director"),
        ("d2", "director"),
    ):
        await api.add_member(ORG, name, by="admin", lived_experience=True)
        await world.ok(
            "POST",
            f"/orgs/{ORG}/bodies/board/seats",
            "admin",
            json={"member_id": world.member_id(name), "role": role, "starts_on": "2026-01-01"},
        )
    world.meeting = await world.new_meeting()
    world.motion = await world.new_motion()
    world.closed_secret = await world.new_motion("closed", method="secret")
    return world
