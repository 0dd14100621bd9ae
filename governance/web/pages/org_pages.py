"""The organisation's home page, its bodies, and a body's composition panel."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from governance.decisions import rules as decision_rules
from governance.decisions import service as decisions
from governance.members import bodies, organisations
from governance.minutes.service import minutes_summary
from governance.motions import meetings, motions
from governance.web.auth import runtime_of
from governance.web.pages.common import Page
from governance.web.pages.election_pages import elections_needing_you


def seat_picture(comp: dict[str, Any]) -> list[str]:
    """One entry per seat, for the composition picture: never who.

    With the admin's counts, filled seats come first (with lived experience, then without),
    then vacant seats; a vacant seat is `reserved` while the seats held with lived experience
    are fewer than the seats the quota reserves. Without them (everyone else), filled seats
    are just `filled`, then vacant ones: which vacant seats are still reserved would give the
    count away.
    """
    filled, seats = comp["filled"], comp["seats"]
    vacant = max(seats - filled, 0)
    if "lived_experience" not in comp:
        return ["filled"] * filled + ["vacant"] * vacant
    lived = comp["lived_experience"]
    picture = ["lived"] * lived + ["other"] * (filled - lived)
    reserved_open = max(comp["reserved"] - lived, 0)
    picture += ["reserved"] * min(reserved_open, vacant)
    picture += ["vacant"] * (vacant - min(reserved_open, vacant))
    return picture


def composition_panel(comp: dict[str, Any], *, quota: float) -> dict[str, Any]:
    """The numbers and sentences the composition panel shows (`quota` is the body's, which
    everyone may read); counts and shares only when `comp` carries them (admins)."""
    vacant = max(comp["seats"] - comp["filled"], 0)
    panel = {
        **comp,
        "counts": "lived_experience" in comp,
        "vacant": vacant,
        "quota_percent": round(quota * 100),
        "picture": seat_picture(comp),
    }
    if panel["counts"]:
        reserved_open = min(max(comp["reserved"] - comp["lived_experience"], 0), vacant)
        panel |= {
            "other": comp["filled"] - comp["lived_experience"],
            "reserved_open": reserved_open,
            "vacant_open": vacant - reserved_open,
            "share_percent": round(comp["share"] * 100),
        }
    return panel


async def _next_meetings(page: Page, org: str, body_list: list[dict[str, Any]]) -> list[Any]:
    """Per body: the meeting in session, else the latest scheduled one."""
    found = []
    for body in body_list:
        listed = await meetings.list_meetings(page.actor, org, body["slug"])
        live = [m for m in listed if m["status"] == "in_session"]
        upcoming = sorted(
            (m for m in listed if m["status"] == "scheduled"), key=lambda m: m["scheduled_for"]
        )
        if live or upcoming:
            found.append({**(live or upcoming)[0], "body_name": body["name"]})
    return found


async def _minutes_to_publish(
    page: Page, org: str, body_list: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For the record keeper: finished meetings whose minutes are approved, not published
    (the most recent `RECENT_MEETINGS` per body)."""
    found = []
    for body in body_list:
        listed = await meetings.list_meetings(page.actor, org, body["slug"])
        for meeting in [m for m in listed if m["status"] == "adjourned"][:RECENT_MEETINGS]:
            summary = await minutes_summary(page.actor, org, meeting["id"])
            if summary["keeper"] and summary["status"] == "approved":
                found.append({**meeting, "body_name": body["name"]})
    return found


RECENT_MEETINGS = 6
LATEST_DECISIONS = 5
MEETINGS_LISTED = 60


async def latest_decisions(page: Page, org: str) -> list[dict[str, Any]]:
    """The newest decided motions, for the home page (the log's own rules on who may read)."""
    query = await decisions.open_log(page.actor, org, decision_rules.parse_filters())
    found = await decisions.page(query, None, LATEST_DECISIONS)
    return list(found["items"])


class OrgPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        """What needs the member now, and links to everything else."""
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        context: dict[str, Any] = {
            "org": organisation,
            "open_votes": [],
            "to_second": [],
            "to_publish": [],
            "next_meetings": [],
            "elections": [],
            "decisions": await latest_decisions(page, org),
        }
        you = organisation.get("you")
        if you and (you.get("member_id") or (page.actor and page.actor.is_platform_admin)):
            body_list = await bodies.list_bodies(page.actor, org)
            context["bodies"] = body_list
            if you.get("member_id"):
                context["open_votes"] = await motions.list_motions(
                    runtime_of(request), page.actor, org, open_for_me=True
                )
                moved = await motions.list_motions(
                    runtime_of(request), page.actor, org, status="moved"
                )
                context["to_second"] = [
                    m for m in moved if m["you"].get("seated") and not m["you"].get("mover")
                ]
                context["elections"] = await elections_needing_you(request, page, org)
            context["to_publish"] = await _minutes_to_publish(page, org, body_list)
            context["next_meetings"] = await _next_meetings(page, org, body_list)
        return page.render("org/home.html", **context)

    @get("/meetings")
    async def meeting_list(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        """Every body's meetings, newest first, each with its published minutes (PDF)."""
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await meetings.list_org_meetings(
            page.actor, org, limit=MEETINGS_LISTED, public_ok=True
        )
        for meeting in found:
            meeting["minutes"] = await minutes_summary(page.actor, org, meeting["id"])
        return page.render("org/meetings.html", org=organisation, meetings=found)

    @get("/bodies")
    async def body_list(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await bodies.list_bodies(page.actor, org)
        for body in found:
            body["panel"] = composition_panel(
                body["composition"], quota=body["lived_experience_quota"]
            )
        return page.render("org/bodies.html", org=organisation, bodies=found)

    @get("/bodies/{body_slug:str}")
    async def body(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await bodies.get_body(page.actor, org, body_slug)
        listed = await meetings.list_meetings(page.actor, org, body_slug)
        you = organisation.get("you") or {}
        seat_role = next(
            (s["role"] for s in found["seated"] if s["member_id"] == you.get("member_id")), None
        )
        return page.render(
            "org/body.html",
            org=organisation,
            body=found,
            can_schedule=seat_role in ("chair", "secretary")
            or bool(you.get("admin"))
            or "secretary" in (you.get("roles") or []),
            panel=composition_panel(found["composition"], quota=found["lived_experience_quota"]),
            meetings=listed,
            can_call_election=seat_role == "secretary"
            or bool(you.get("admin"))
            or "secretary" in (you.get("roles") or []),
        )
