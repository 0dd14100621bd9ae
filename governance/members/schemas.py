"""Request bodies of the members API (msgspec validates types and names the bad field)."""

from __future__ import annotations

from datetime import date

import msgspec


class LoginIn(msgspec.Struct, forbid_unknown_fields=False):
    email: str
    password: str


class TokenIn(msgspec.Struct):
    name: str


class AcceptInviteIn(msgspec.Struct):
    token: str
    password: str


class OrgIn(msgspec.Struct):
    slug: str
    name: str


class OrgSettingsIn(msgspec.Struct):
    name: str | None = None
    public: bool | None = None
    paper_size: str | None = None


class MemberIn(msgspec.Struct):
    email: str
    display_name: str
    roles: list[str] | None = None
    password: str | None = None


class RolesIn(msgspec.Struct):
    roles: list[str]


class SuspendIn(msgspec.Struct):
    reason: str


class LivedExperienceIn(msgspec.Struct):
    lived_experience: bool


class BodyIn(msgspec.Struct):
    slug: str
    name: str
    kind: str
    seats: int
    lived_experience_quota: float | None = None
    quorum: float | None = None
    lived_experience_quorum: bool | None = None


class SeatIn(msgspec.Struct):
    member_id: str
    role: str
    starts_on: date
    ends_on: date | None = None


class SeatEndIn(msgspec.Struct):
    ends_on: date
    reason: str
