"""A seated board and a meeting in session, built over HTTP as a secretary would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.helpers import Api

#: Seated under their own name as role; everyone else is a director.
OFFICERS = ("chair", "vice_chair", "secretary")


@dataclass
class Board:
    """An organisation `org` with an admin (`ada`, not seated) and a seated board."""

    api: Api
    org: str
    body: str
    members: list[str] = field(default_factory=list)

    def id(self, name: str) -> str:
        member_id = self.api.people[name].member_id
        assert member_id is not None
        return member_id

    @property
    def directors(self) -> list[str]:
        return [m for m in self.members if m not in OFFICERS]

    async def meeting(self, *, present: list[str] | None = None, open_it: bool = True) -> str:
        """A meeting with `present` (default: everyone seated) marked present, opened."""
        created = await self.api.post(
            f"/orgs/{self.org}/bodies/{self.body}/meetings",
            "secretary",
            json={
                "title": "Board meeting",
                "scheduled_for": "2026-12-01T18:00:00Z",
                "agenda": ["Welcome", "Budget"],
            },
        )
        assert created.status_code == 201, created.text
        meeting_id = str(created.json()["id"])
        for name in self.members if present is None else present:
            await self.attend(meeting_id, name, "present")
        if open_it:
            opened = await self.api.post(
                f"/orgs/{self.org}/meetings/{meeting_id}/open", "secretary"
            )
            assert opened.status_code == 200, opened.text
        return meeting_id

    async def attend(self, meeting_id: str, name: str, status: str) -> dict[str, Any]:
        response = await self.api.post(
            f"/orgs/{self.org}/meetings/{meeting_id}/attendance",
            "secretary",
            json={"member_id": self.id(name), "status": status},
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def motion(self, meeting_id: str, mover: str = "chair", **fields: Any) -> str:
        body = {"title": "A motion", "text": "That we do the thing.", **fields}
        response = await self.api.post(
            f"/orgs/{self.org}/meetings/{meeting_id}/motions", mover, json=body
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def do(self, motion_id: str, action: str, who: str, **json: Any) -> Any:
        return await self.api.post(
            f"/orgs/{self.org}/motions/{motion_id}/{action}", who, json=json or None
        )

    async def seconded_and_open(self, motion_id: str, seconder: str = "secretary") -> None:
        second = await self.do(motion_id, "second", seconder)
        assert second.status_code == 200, second.text
        opened = await self.do(motion_id, "open-vote", "chair")
        assert opened.status_code == 200, opened.text

    async def vote(self, motion_id: str, who: str, choice: str) -> Any:
        return await self.do(motion_id, "votes", who, choice=choice)

    async def get(self, path: str, who: str = "secretary") -> Any:
        response = await self.api.get(f"/orgs/{self.org}{path}", who)
        assert response.status_code == 200, response.text
        return response.json()

    async def audit_head(self) -> tuple[int, str]:
        verify = await self.get("/audit/verify", "ada")
        assert verify["ok"] is True
        return int(verify["entries"]), str(verify["head_hash"])


async def seat_board(
    api: Api,
    *,
    org: str = "acme",
    directors: int = 3,
    without_lived_experience: int = 0,
    lived_experience_quorum: bool = False,
    vice_chair: bool = False,
) -> Board:
    """A board of chair, secretary (and with `vice_chair`, a vice chair named
    `vice_chair`) and `directors` directors; all but the last `without_lived_experience`
    directors have attested lived experience."""
    if "root" not in api.people:
        await api.platform_admin()
    await api.org(org)
    await api.add_member(org, "ada", by="root", roles=["admin"])
    officers = ["chair", *(["vice_chair"] if vice_chair else []), "secretary"]
    names = [*officers, *(f"d{i}" for i in range(1, directors + 1))]
    seats = len(names)
    created = await api.post(
        f"/orgs/{org}/bodies",
        "ada",
        json={
            "slug": "board",
            "name": "Board",
            "kind": "board",
            "seats": seats,
            "lived_experience_quorum": lived_experience_quorum,
        },
    )
    assert created.status_code == 201, created.text
    board = Board(api=api, org=org, body="board", members=names)
    for index, name in enumerate(names):
        lived = index < seats - without_lived_experience
        await api.add_member(org, name, by="ada", lived_experience=lived)
        role = name if name in OFFICERS else "director"
        seat = await api.post(
            f"/orgs/{org}/bodies/board/seats",
            "ada",
            json={"member_id": board.id(name), "role": role, "starts_on": "2026-01-01"},
        )
        assert seat.status_code == 201, seat.text
    return board
