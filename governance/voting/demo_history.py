"""The demo board's history: past meetings with decisions of every kind and method, a
written consent, and today's meeting in session with a secret ballot open.

Everything goes through the services as the person who would do it, so the audit chain is
a real one. `director@riverside.example` is left seated, present and not yet voted on the
open secret ballot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from governance.clock import HeldClock, utcnow, wall_clock
from governance.members.access import Actor
from governance.members.tables import Account, Membership, Organisation
from governance.motions import meetings, motions
from governance.runtime import Runtime
from governance.voting import service as voting

BOARD = "board"
SEATED = [
    "chair",
    "secretary",
    "director",
    "vicechair",
    "treasurer",
    "director2",
    "director3",
    "director4",
    "director5",
]


# Called with the secretary and the meeting's id once a past meeting is adjourned.
AfterAdjourning = Callable[[Actor, str], Awaitable[None]]


def treasurer_term_ends() -> date:
    """When the treasurer's present term ends (`governance.demo` seats her until then) and
    the one the spring meeting's appointment gives her starts: tomorrow, so the votes the
    demo casts today still find her seated."""
    return wall_clock().date() + timedelta(days=1)


@dataclass
class Demo:
    """Acts as the demo's people, by the local part of their email address."""

    runtime: Runtime
    org: str
    actors: dict[str, Actor]
    member_ids: dict[str, str]
    after_adjourning: AfterAdjourning | None = None
    # The demo's clock (`governance.clock.held_at`): each step happens when it would have.
    clock: HeldClock | None = None

    def at(self, moment: datetime) -> None:
        """Move the demo's clock on to `moment` (never back)."""
        if self.clock is not None:
            self.clock.set(moment)

    def later(self, **delta: float) -> None:
        """Let some time pass (minutes of a meeting, days between steps)."""
        if self.clock is not None:
            self.clock.advance(timedelta(**delta))

    def evening(self, month: int | None, *, before: date | None = None) -> datetime:
        """19:00 in the organisation's zone on the first Tuesday of `month`, the latest one
        before `before` (a spring meeting in April, an autumn one in October); with `month`
        None, today's meeting, begun half an hour before the demo was seeded."""
        zone: tzinfo = self.runtime.settings.zone
        now = wall_clock()
        if month is None:
            started = now - timedelta(minutes=30)
            return started.replace(minute=started.minute - started.minute % 5, second=0,
                                   microsecond=0)  # fmt: skip
        limit = before or (now.astimezone(zone).date() - timedelta(days=3))
        year = limit.year
        while True:
            first = date(year, month, 1)
            tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
            if tuesday < limit:
                return datetime.combine(tuesday, time(19, 0), tzinfo=zone).astimezone(UTC)
            year -= 1

    async def meeting(
        self, title: str, when: datetime, *, away: dict[str, str] | None = None
    ) -> str:
        """A meeting of the board at `when` (see `evening`), everyone present but `away`."""
        self.at(when - timedelta(days=14))  # the secretary schedules it two weeks ahead
        created = await meetings.create_meeting(
            self.runtime,
            self.actors["secretary"],
            self.org,
            BOARD,
            title=title,
            scheduled_for=when,
            location="Riverside drop-in centre, upstairs room (and by video)",
            agenda=["Welcome and check-in", "Minutes", "Decisions", "Peer reports"],
        )
        meeting_id = str(created["id"])
        away = away or {}
        self.at(when - timedelta(minutes=10))  # the register, as people arrive
        for local in SEATED:
            await meetings.set_attendance(
                self.runtime,
                self.actors["secretary"],
                self.org,
                meeting_id,
                member_id=self.member_ids[local],
                status=away.get(local, "present"),
            )
        self.at(when + timedelta(minutes=2))
        await meetings.open_meeting(self.runtime, self.actors["chair"], self.org, meeting_id)
        return meeting_id

    async def adjourn(self, meeting_id: str) -> None:
        """Adjourn as the secretary, who then writes up the notes (`after_adjourning`)."""
        secretary = self.actors["secretary"]
        self.later(minutes=9)
        await meetings.adjourn_meeting(self.runtime, secretary, self.org, meeting_id)
        self.later(days=1, hours=-5)  # the secretary writes the notes up the next afternoon
        if self.after_adjourning is not None:
            await self.after_adjourning(secretary, meeting_id)

    async def decide(
        self,
        meeting_id: str,
        mover: str,
        seconder: str,
        title: str,
        text: str,
        *,
        votes: dict[str, str] | None = None,
        hands: tuple[int, int, int] | None = None,
        recusals: dict[str, str] | None = None,
        close: bool = True,
        **fields: Any,
    ) -> str:
        """Move, second, open and (unless `close` is False) decide a motion.

        `votes` maps people to their choices; `hands` is a show of hands (yes, no, abstain).
        """
        self.later(minutes=6)  # discussion of the item before it
        moved = await motions.move_motion(
            self.runtime,
            self.actors[mover],
            self.org,
            meeting_id,
            title=title,
            text=text,
            **fields,
        )
        motion_id = str(moved["id"])
        for local, reason in (recusals or {}).items():
            await motions.recuse(
                self.runtime, self.actors[local], self.org, motion_id, reason=reason
            )
        self.later(minutes=1)
        await motions.second_motion(self.runtime, self.actors[seconder], self.org, motion_id)
        self.later(minutes=5)  # debate
        await motions.open_vote(self.runtime, self.actors["chair"], self.org, motion_id)
        if hands is not None:
            yes, no, abstain = hands
            await voting.enter_show_of_hands(
                self.runtime,
                self.actors["chair"],
                self.org,
                motion_id,
                yes=yes,
                no=no,
                abstain=abstain,
            )
        else:
            for local, choice in (votes or {}).items():
                await voting.cast_vote(
                    self.runtime, self.actors[local], self.org, motion_id, choice=choice
                )
        if close:
            self.later(minutes=2)
            await voting.close_vote(self.runtime, self.actors["chair"], self.org, motion_id)
        return motion_id


def everyone(*away: str, **choices: str) -> dict[str, str]:
    """Everyone seated votes yes, except those `away` (no vote) and those given `choices`."""
    return {local: choices.get(local, "yes") for local in SEATED if local not in away}


async def _demo(runtime: Runtime, org: str) -> Demo:
    org_row = await Organisation.select(Organisation.id).where(Organisation.slug == org).first()
    assert org_row is not None
    rows = await Membership.select(
        Membership.id,
        Membership.account.id,
        Membership.account.email,
        Membership.account.display_name,
    ).where(Membership.organisation == org_row["id"])
    actors, member_ids = {}, {}
    for row in rows:
        local = str(row["account.email"]).split("@", 1)[0]
        actors[local] = Actor(
            account_id=row["account.id"],
            email=row["account.email"],
            display_name=row["account.display_name"],
            is_platform_admin=False,
        )
        member_ids[local] = row["id"]
    assert await Account.exists().where(Account.email == "director@riverside.example")
    return Demo(runtime, org, actors, member_ids)


async def seed_history(
    runtime: Runtime,
    org: str,
    *,
    after_adjourning: AfterAdjourning | None = None,
    clock: HeldClock | None = None,
) -> None:
    """Seed the board's meetings and decisions (call once, on a fresh demo organisation).

    `after_adjourning(secretary, meeting_id)` runs after each past meeting ends, before the
    next meeting approves its minutes (the demo writes the secretary's notes there; voting
    imports nothing of the minutes package). With `clock` (held by `governance.clock.held_at`)
    each step is dated when it would have happened: the meetings on their evenings, 19:00 in
    the organisation's time zone, the motions minutes apart, today's meeting just begun.
    """
    demo = await _demo(runtime, org)
    demo.after_adjourning = after_adjourning
    demo.clock = clock

    # The last October, the July before it and the April before that (19:00 local time).
    autumn_at = demo.evening(10)
    summer_at = demo.evening(7, before=autumn_at.date())
    spring_at = demo.evening(4, before=summer_at.date())
    spring = await demo.meeting("Spring board meeting", spring_at, away={"director5": "excused"})
    await demo.decide(
        spring,
        "treasurer",
        "vicechair",
        "Adopt the annual budget",
        "That the board adopts the budget for the coming year as presented by the treasurer.",
        votes=everyone("director5", director4="no"),
    )
    hours = await motions.move_motion(
        runtime,
        demo.actors["director2"],
        org,
        spring,
        title="Fund peer-support hours",
        text="That the board funds 20 hours a week of paid peer support at the drop-in.",
        method="show_of_hands",
    )
    await motions.second_motion(runtime, demo.actors["director3"], org, str(hours["id"]))
    await demo.decide(
        spring,
        "director",
        "secretary",
        "Fund peer-support hours (amendment)",
        "That the board funds 30 hours a week of paid peer support at the drop-in.",
        kind="amendment",
        amends=str(hours["id"]),
        votes=everyone("director5", director3="no"),
    )
    await motions.open_vote(runtime, demo.actors["chair"], org, str(hours["id"]))
    await voting.enter_show_of_hands(
        runtime, demo.actors["chair"], org, str(hours["id"]), yes=7, no=0, abstain=1
    )
    await voting.close_vote(runtime, demo.actors["chair"], org, str(hours["id"]))
    await demo.decide(
        spring,
        "vicechair",
        "director2",
        "Reappoint the treasurer",
        "That Priya Nair is reappointed treasurer for a further term when her present term ends.",
        kind="appointment",
        appoints={
            "member_id": demo.member_ids["treasurer"],
            "role": "treasurer",
            "starts_on": treasurer_term_ends(),
        },
        method="secret",
        votes=everyone("director5", director4="abstain"),
    )
    await demo.decide(
        spring,
        "secretary",
        "director",
        "Adopt the grievance policy",
        "That the board adopts the member grievance policy, with a peer advocate at every step.",
        threshold="two_thirds",
        votes=everyone("director5", director3="no"),
    )
    await demo.adjourn(spring)

    summer = await demo.meeting("Summer board meeting", summer_at, away={"director2": "remote"})
    await demo.decide(
        summer,
        "secretary",
        "chair",
        "Approve the minutes of the spring meeting",
        "That the minutes of the spring board meeting are approved as circulated.",
        kind="approve_minutes",
        minutes_of=spring,
        votes=everyone(),
    )
    await demo.decide(
        summer,
        "director4",
        "director5",
        "Contract with Riverside Catering",
        "That the centre contracts Riverside Catering for community meals.",
        recusals={"director3": "A close relative owns Riverside Catering."},
        votes=everyone("director3"),
    )
    await demo.decide(
        summer,
        "director5",
        "director4",
        "Extend drop-in hours to Sundays",
        "That the drop-in opens on Sundays from noon to five.",
        method="show_of_hands",
        hands=(3, 5, 1),
    )
    withdrawn = await motions.move_motion(
        runtime,
        demo.actors["director3"],
        org,
        summer,
        title="Buy a minibus",
        text="That the centre buys a minibus.",
    )
    await motions.withdraw_motion(runtime, demo.actors["director3"], org, str(withdrawn["id"]))
    await demo.adjourn(summer)

    autumn = await demo.meeting("Autumn board meeting", autumn_at)
    await demo.decide(
        autumn,
        "secretary",
        "vicechair",
        "Approve the minutes of the summer meeting",
        "That the minutes of the summer board meeting are approved as circulated.",
        kind="approve_minutes",
        minutes_of=summer,
        votes=everyone(),
    )
    await demo.decide(
        autumn,
        "chair",
        "secretary",
        "Amend bylaws article 4",
        "That article 4 of the bylaws is amended so that two-thirds of board seats are held "
        "by people with lived experience.",
        threshold="majority_of_seats",
        votes=everyone(director5="no"),
    )
    await demo.decide(
        autumn,
        "director2",
        "treasurer",
        "Rename the drop-in centre",
        "That the drop-in centre is renamed The Open Door.",
        threshold="unanimous",
        votes=everyone(director4="no", director3="abstain"),
    )
    await demo.decide(
        autumn,
        "vicechair",
        "director",
        "Elect the board's representative to the state network",
        "That the board sends Maria Santos as its representative to the state consumer network.",
        method="secret",
        votes=everyone(director2="no"),
    )
    await demo.adjourn(autumn)

    # A written consent between the autumn meeting and today, on a weekday morning.
    today_at = demo.evening(None)
    demo.at(autumn_at + (today_at - autumn_at) / 2 - timedelta(hours=8))
    consent = await motions.move_consent_motion(
        runtime,
        demo.actors["treasurer"],
        org,
        BOARD,
        title="Renew the lease",
        text="That the board renews the lease on the drop-in centre for three years.",
        closes_at=utcnow() + timedelta(days=14),
    )
    demo.later(hours=2)
    await motions.second_motion(runtime, demo.actors["chair"], org, str(consent["id"]))
    for local in SEATED:
        demo.later(hours=3)  # each director signs when they read their email
        await voting.cast_vote(runtime, demo.actors[local], org, str(consent["id"]), choice="yes")

    now = await demo.meeting("Board meeting", today_at, away={"director5": "excused"})
    await demo.decide(
        now,
        "secretary",
        "chair",
        "Approve the minutes of the autumn meeting",
        "That the minutes of the autumn board meeting are approved as circulated.",
        kind="approve_minutes",
        minutes_of=autumn,
        votes=everyone("director5"),
    )
    await demo.decide(
        now,
        "vicechair",
        "treasurer",
        "Elect the peer-support coordinator",
        "That the board elects Jordan Lee as peer-support coordinator for the coming year.",
        method="secret",
        close=False,
        votes={"chair": "yes", "secretary": "yes", "vicechair": "abstain", "director4": "no"},
    )
