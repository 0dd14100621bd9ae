"""Election pages: a body's and the organisation's elections, calling one, its page
(timetable, candidates, what you may do), standing, the ballot and its receipt, turnout,
the result with its count report, and certifying.

Each page calls the same election services as the API. The ranked ballot is one select per
candidate (no JavaScript needed); its mistakes are refused here before anything is cast
(`election_forms.ranking_from_form`). A verifiable election's ballot is encrypted in the
browser (static/js/verifiable/vote-page.js: prepare, then cast or check) and posted to
`/cast-ballot`; without JavaScript its form asks the server to encrypt, as it says.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from governance.elections import calling, casting, certifying, counting, nominations, reading
from governance.elections.officers import is_officer, require_officer
from governance.errors import Conflict, DomainError, InvalidInput
from governance.members import bodies, organisations
from governance.members.access import admin_access, member_access
from governance.text import when_in
from governance.voting.rules.receipts import (
    canonical_receipt,
    grouped,
    new_receipt,
    receipt_tracker,
    trackers_to_look_for,
)
from governance.web.auth import runtime_of
from governance.web.pages.common import (
    FORM_ERROR,
    Page,
    act_then_redirect,
    again_with,
    browser_ballot,
    errors_for,
    form_list,
    read_form,
)
from governance.web.pages.election_forms import CALL_REQUIRED, call_fields, ranking_from_form

NO_STORE = {"Cache-Control": "no-store"}
MOMENTS = ("nominations_close", "opens_at", "closes_at", "certified_at")


def _decrypts_here(election: dict[str, Any]) -> bool:
    """Whether the page offers the trustee's decryption: a verifiable election closed and
    waiting for its trustees, and the viewer one of them who has not yet decrypted."""
    verifiable = election.get("verifiable") or {}
    trustee = election.get("you", {}).get("trustee")
    return (
        election["phase"] == "decrypting"
        and bool(verifiable.get("tally"))
        and trustee is not None
        and trustee not in verifiable.get("decrypted_by", [])
    )


def _encrypts_here(election: dict[str, Any]) -> bool:
    """Whether the ballot page offers the browser's encryption: a verifiable election open
    and the viewer on its roll and yet to vote (the modules are loaded only then)."""
    you = election.get("you") or {}
    return (
        bool(election.get("verifiable"))
        and bool(election.get("voting_open"))
        and bool(you.get("on_roll"))
        and not you.get("voted")
        and bool(election.get("candidates"))
    )


def _page_module(election: dict[str, Any], template: str) -> str | None:
    """The verifiable module a page runs: the ballot's encryption, or the trustee's
    decryption on the election's page."""
    if template == "elections/ballot.html":
        return "vote-page.js" if _encrypts_here(election) else None
    return "decrypt-page.js" if _decrypts_here(election) else None


def in_utc(view: dict[str, Any]) -> dict[str, str]:
    """The election's moments in words, in UTC (the zone the call form takes them in)."""
    return {k: when_in(view.get(k), UTC) for k in MOMENTS if view.get(k)}


def names_of(view: dict[str, Any]) -> dict[str, str]:
    """Candidate id to display name."""
    return {c["id"]: c["display_name"] for c in view.get("candidates") or []}


def elected_in_order(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The elected candidates in order of election, each with what the page shows."""
    result = view.get("result") or {}
    by_id = {c["id"]: c for c in view.get("candidates") or []}
    return [
        by_id.get(cid, {"id": cid, "display_name": cid, "lived_experience_candidate": False})
        for cid in result.get("elected") or []
    ]


def receipt_text(org: dict[str, Any], election: dict[str, Any], canonical: str, url: str) -> str:
    """The downloaded receipt: organisation, election, receipt, and how to check it."""
    return "\n".join(
        [
            "Secret ballot receipt",
            "",
            f"Organisation: {org['name']}",
            f"Election: {election['title']}",
            f"Receipt: {grouped(canonical)}",
            "",
            "Keep this file to yourself. It shows that your ballot was counted, never how",
            "you voted.",
            "",
            "How to check it: after voting closes, open",
            f"  {url}",
            'and enter the receipt under "Check your receipt".',
            "Its tracker (the SHA-256 of the receipt without hyphens):",
            f"  {receipt_tracker(canonical)}",
            "",
        ]
    )


ELECTIONS_ON_HOME = 5


async def elections_needing_you(
    request: Request[Any, Any, Any], page: Page, org: str
) -> list[dict[str, Any]]:
    """For the home page: elections the member may stand in now, or vote in and has not."""
    runtime = runtime_of(request)
    needing = []
    for summary in await reading.list_elections(runtime, page.actor, org):
        if summary["phase"] not in ("nominating", "open"):
            continue
        view = await reading.get_election(runtime, page.actor, org, summary["id"])
        you = view.get("you") or {}
        if summary["phase"] == "nominating" and you.get("may_stand"):
            needing.append({**summary, "need": "stand"})
        elif you.get("on_roll") and not you.get("voted") and view["candidates"]:
            needing.append({**summary, "need": "vote"})
        if len(needing) == ELECTIONS_ON_HOME:
            break
    return needing


class ElectionPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    async def _view(self, request: Request[Any, Any, Any], page: Page, org: str, eid: str) -> Any:
        """The election as the viewer sees it (counted first if voting has closed)."""
        return await reading.get_election(runtime_of(request), page.actor, org, eid)

    async def _render(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        eid: str,
        template: str = "elections/election.html",
        *,
        status: int = 200,
        **extra: Any,
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        election = await self._view(request, page, org, eid)
        return page.render(
            template,
            status=status,
            modules=_page_module(election, template),
            org=organisation,
            election=election,
            times=in_utc(election),
            names=names_of(election),
            elected=elected_in_order(election),
            **extra,
        )

    # Lists

    @get("/elections")
    async def org_elections(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await reading.list_elections(runtime_of(request), page.actor, org)
        return page.render(
            "elections/list.html", org=organisation, elections=found, body=None, may_call=False
        )

    @get("/bodies/{body_slug:str}/elections")
    async def body_elections(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        found = await reading.list_elections(runtime_of(request), page.actor, org, body_slug)
        access = await member_access(org, page.actor)
        return page.render(
            "elections/list.html",
            org=organisation,
            elections=found,
            body=body,
            may_call=await is_officer(access, body["id"]),
        )

    # Calling

    async def _call_form(
        self, page: Page, org: str, body_slug: str, *, status: int = 200, **extra: Any
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        # As the service chooses when none is given: every member for an assembly, the
        # body's seated members otherwise.
        electorate = "members" if body.get("kind") == "assembly" else "body"
        extra.setdefault("values", {"method": "stv", "electorate": electorate})
        return page.render(
            "elections/call.html", status=status, org=organisation, body=body, **extra
        )

    @get("/bodies/{body_slug:str}/elections/new")
    async def call_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        """The form, for those who may call an election (others are told who may)."""
        page = await Page.of(request)
        access = await member_access(org, page.actor)
        body = await bodies.get_body(page.actor, org, body_slug)
        await require_officer(access, body["id"], doing="call an election")
        return await self._call_form(page, org, body_slug)

    @post("/bodies/{body_slug:str}/elections/new")
    async def call(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template | Redirect:
        """Call the election; to its page."""

        async def action(page: Page, form: dict[str, str]) -> Any:
            return await calling.call_election(
                runtime_of(request), page.actor, org, body_slug, **call_fields(form)
            )

        async def again(page: Page, **kw: Any) -> Template:
            return await self._call_form(page, org, body_slug, **kw)

        return await act_then_redirect(
            request,
            action,
            render_again=again_with(again),
            success_url=lambda view: f"/orgs/{org}/elections/{view['id']}?done=called",
            field="title",
            required=CALL_REQUIRED,
        )

    # The election

    @get("/elections/{election_id:str}")
    async def election(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        done = request.query_params.get("done")
        return await self._render(request, page, org, election_id, done=done)

    # Standing and withdrawing

    @get("/elections/{election_id:str}/stand")
    async def stand_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        return await self._render(request, page, org, election_id, "elections/stand.html")

    @post("/elections/{election_id:str}/stand")
    async def stand(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template | Redirect:
        """Stand: the statement, and the member's own choice to stand as a lived-experience
        candidate (refused unless their membership record says they have lived experience)."""

        async def action(page: Page, form: dict[str, str]) -> Any:
            view = await reading.get_election(runtime_of(request), page.actor, org, election_id)
            return await nominations.stand(
                runtime_of(request),
                page.actor,
                org,
                election_id,
                member_id=str((view.get("you") or {}).get("member_id") or ""),
                statement=form.get("statement", "").strip(),
                lived_experience_candidate=form.get("lived_experience_candidate") == "yes",
            )

        async def again(page: Page, **kw: Any) -> Template:
            return await self._render(request, page, org, election_id, "elections/stand.html", **kw)

        return await act_then_redirect(
            request,
            action,
            render_again=again_with(again),
            success_url=f"/orgs/{org}/elections/{election_id}?done=standing",
            field=FORM_ERROR,
        )

    @post("/elections/{election_id:str}/withdraw")
    async def withdraw(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template | Redirect:
        async def action(page: Page, form: dict[str, str]) -> Any:
            return await nominations.withdraw(
                runtime_of(request), page.actor, org, election_id, form.get("candidate_id", "")
            )

        async def again(page: Page, **kw: Any) -> Template:
            return await self._render(request, page, org, election_id, **kw)

        return await act_then_redirect(
            request,
            action,
            render_again=again_with(again),
            success_url=f"/orgs/{org}/elections/{election_id}?done=withdrawn",
        )

    # Voting

    @get("/elections/{election_id:str}/ballot")
    async def ballot(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """The ballot paper; it carries a fresh receipt, so a resent form is recognised."""
        page = await Page.of(request)
        return await self._ballot(request, page, org, election_id)

    async def _ballot(
        self, request: Request[Any, Any, Any], page: Page, org: str, eid: str, **extra: Any
    ) -> Template:
        extra.setdefault("receipt", grouped(new_receipt()))
        return await self._render(request, page, org, eid, "elections/ballot.html", **extra)

    @post("/elections/{election_id:str}/ballot")
    async def cast(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """Cast the ballot: the numbered selects become `ranking`, the ticks `approve`."""
        page = await Page.of(request)
        form = await read_form(request)
        runtime = runtime_of(request)
        receipt = form.get("receipt") or None
        try:
            view = await self._view(request, page, org, election_id)
            if view["method"] == "stv":
                marks: dict[str, Any] = {"ranking": ranking_from_form(view["candidates"], form)}
            else:
                marks = {"approve": await form_list(request, "approve")}
            if view["verifiable"]:  # the page's form: the server encrypts, as it says
                marks["server_encrypt"] = True
                receipt = None
            cast = await casting.cast_ballot(
                runtime, page.actor, org, election_id, receipt=receipt, **marks
            )
        except DomainError as error:
            values = dict(form)
            values["approve"] = await form_list(request, "approve")  # type: ignore[assignment]
            return await self._refused(
                request, page, org, election_id, error, values=values, receipt=receipt
            )
        return await self._receipt(request, page, org, election_id, cast)

    @post("/elections/{election_id:str}/cast-ballot")
    async def cast_browser_ballot(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """Cast the ballot this page's JavaScript encrypted (vote-page.js): the same checks as
        the API's, and a receipt with the tracker the voter saw before casting."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            cast = await casting.cast_ballot(
                runtime_of(request), page.actor, org, election_id, ballot=browser_ballot(form)
            )
        except DomainError as error:
            # Refusals without a field (a copied ballot, say) point at the browser's panel,
            # which is what a voter who posted here sees; the server's form is hidden.
            return await self._refused(
                request, page, org, election_id, error, values={}, field="ballot"
            )
        return await self._receipt(request, page, org, election_id, cast)

    async def _refused(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        eid: str,
        error: DomainError,
        *,
        values: dict[str, Any],
        receipt: str | None = None,
        field: str = FORM_ERROR,
    ) -> Template:
        """The ballot again with the refusal beside it (`field` where it names none);
        nothing was cast."""
        return await self._ballot(
            request,
            page,
            org,
            eid,
            status=error.status if error.status < 500 else 400,
            errors=errors_for(error, field),
            values=values,
            receipt=receipt or grouped(new_receipt()),
        )

    async def _receipt(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        eid: str,
        cast: dict[str, Any],
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        view = await self._view(request, page, org, eid)
        response = page.render("elections/receipt.html", org=organisation, election=view, cast=cast)
        response.headers.update(NO_STORE)
        return response

    @post("/elections/{election_id:str}/receipt.txt", status_code=200)
    async def download_receipt(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Response[str]:
        """The receipt as a text file; posted, so it is in no address or log."""
        page = await Page.of(request)
        form = await read_form(request)
        organisation = await organisations.get_organisation(page.actor, org)
        view = await self._view(request, page, org, election_id)
        try:
            canonical = canonical_receipt(form.get("receipt", ""))
        except ValueError as error:
            raise InvalidInput(str(error), field="receipt") from None
        url = f"{str(request.base_url).rstrip('/')}/orgs/{org}/elections/{election_id}/ballots"
        return Response(
            receipt_text(organisation, view, canonical, url),
            media_type="text/plain; charset=utf-8",
            headers={
                **NO_STORE,
                "Content-Disposition": f'attachment; filename="receipt-{org}-election.txt"',
            },
        )

    @get("/elections/{election_id:str}/ballots")
    async def ballots(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """The published trackers after the count, and a receipt check."""
        page = await Page.of(request)
        return await self._ballots(request, page, org, election_id)

    async def _ballots(
        self, request: Request[Any, Any, Any], page: Page, org: str, eid: str, **extra: Any
    ) -> Template:
        try:
            published = await counting.published_trackers(runtime_of(request), page.actor, org, eid)
        except Conflict as error:
            return await self._render(
                request, page, org, eid, "elections/ballots.html", not_yet=str(error)
            )
        if "receipt" in extra.get("values", {}):
            looked_for = trackers_to_look_for(extra["values"]["receipt"])
            extra["found"] = bool(looked_for & set(published["trackers"]))
        return await self._render(
            request, page, org, eid, "elections/ballots.html", published=published, **extra
        )

    @post("/elections/{election_id:str}/ballots")
    async def check_receipt(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        form = await read_form(request)
        receipt = form.get("receipt", "").strip()
        if not receipt:
            errors = {"receipt": "Enter the receipt you were shown when you voted."}
            return await self._ballots(request, page, org, election_id, errors=errors)
        response = await self._ballots(request, page, org, election_id, values={"receipt": receipt})
        response.headers.update(NO_STORE)
        return response

    # Turnout and certifying

    @get("/elections/{election_id:str}/turnout")
    async def turnout(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """How many may vote and how many have: numbers only, never who."""
        page = await Page.of(request)
        try:
            counts = await casting.turnout(runtime_of(request), page.actor, org, election_id)
        except Conflict as error:
            return await self._render(
                request, page, org, election_id, "elections/turnout.html", not_yet=str(error)
            )
        return await self._render(
            request, page, org, election_id, "elections/turnout.html", turnout=counts
        )

    @get("/elections/{election_id:str}/certify")
    async def certify_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template:
        """Who will be seated and for what term, before the admin confirms."""
        page = await Page.of(request)
        await admin_access(org, page.actor)
        return await self._render(request, page, org, election_id, "elections/certify.html")

    @post("/elections/{election_id:str}/certify")
    async def certify(
        self, request: Request[Any, Any, Any], org: FromPath[str], election_id: FromPath[str]
    ) -> Template | Redirect:
        """Seat those elected for the term."""

        async def action(page: Page, form: dict[str, str]) -> Any:
            return await certifying.certify(runtime_of(request), page.actor, org, election_id)

        async def again(page: Page, **kw: Any) -> Template:
            return await self._render(
                request, page, org, election_id, "elections/certify.html", **kw
            )

        return await act_then_redirect(
            request,
            action,
            render_again=again_with(again),
            success_url=f"/orgs/{org}/elections/{election_id}?done=certified",
        )
