"""A motion's page: vote (Yes, No, Abstain), recuse, second, and for the chair open and
close the vote; a secret ballot's receipt (the form carries a fresh one, so a resent form
shows the same receipt as "already counted"), its download; checking it after close.

On a verifiable vote the page encrypts in the browser (static/js/verifiable/vote-page.js:
prepare, then cast or check, the Benaloh challenge) and posts the ballot to `/cast-ballot`;
without JavaScript its form asks the server to encrypt (`/vote` with `server_encrypt`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from governance.errors import Conflict, DomainError, InvalidInput
from governance.members import organisations
from governance.motions import motions
from governance.voting import service as voting
from governance.voting import verifiable_cast
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
    FormFields,
    Page,
    Service,
    act_on_page,
    browser_ballot,
    call_service,
    errors_for,
    read_form,
    see_other,
)

NO_STORE = {"Cache-Control": "no-store"}
CHOICES = ("yes", "no", "abstain")


def _count(form: dict[str, str], name: str) -> int:
    text = (form.get(name) or "0").strip()
    if not text.isdigit():
        raise InvalidInput("Enter a whole number, 0 or more.", field=name)
    return int(text)


def tally_bars(tally: dict[str, int] | None) -> list[dict[str, Any]]:
    """Yes, no and abstain as shares of those who voted, for a small bar chart."""
    if not tally:
        return []
    total = max(tally.get("yes", 0) + tally.get("no", 0) + tally.get("abstain", 0), 1)
    return [
        {"choice": c, "count": tally.get(c, 0), "percent": round(100 * tally.get(c, 0) / total)}
        for c in ("yes", "no", "abstain")
    ]


def receipt_text(
    organisation: dict[str, Any], motion: dict[str, Any], canonical: str, check_url: str
) -> str:
    """The downloaded receipt: organisation, motion, receipt, and how to check it."""
    return "\n".join(
        [
            "Secret ballot receipt",
            "",
            f"Organisation: {organisation['name']}",
            f"Motion: {motion['number']}, {motion['title']}",
            f"Receipt: {grouped(canonical)}",
            "",
            "Keep this file to yourself. It shows that your ballot was counted, never how",
            "you voted.",
            "",
            "How to check it: after the vote closes, open",
            f"  {check_url}",
            'and enter the receipt under "Check your receipt". Or check it yourself: remove',
            "the hyphens (letters in capitals, or a hexadecimal receipt in small letters),",
            "take the SHA-256 of that text, and look for it among the published trackers.",
            f"Its tracker: {receipt_tracker(canonical)}",
            "",
        ]
    )


def _encrypts_here(motion: dict[str, Any]) -> bool:
    """Whether the page offers to encrypt in the browser: a verifiable vote, open, that this
    member may cast (the modules are loaded only then)."""
    return (
        motion["method"] == "verifiable"
        and motion["status"] == "voting"
        and bool(motion.get("verifiable"))
        and bool(motion.get("you", {}).get("can_vote"))
    )


def _decrypts_here(motion: dict[str, Any]) -> bool:
    """Whether the page offers the trustee's decryption: a verifiable vote closed and waiting
    for its trustees, and the member one of them who has not yet decrypted."""
    verifiable = motion.get("verifiable") or {}
    trustee = motion.get("you", {}).get("trustee")
    return (
        motion["status"] == "decrypting"
        and bool(verifiable.get("tally"))
        and trustee is not None
        and trustee not in verifiable.get("decrypted_by", [])
    )


def _page_module(motion: dict[str, Any]) -> str | None:
    if _encrypts_here(motion):
        return "vote-page.js"
    if _decrypts_here(motion):
        return "decrypt-page.js"
    return None


def _recusal(form: dict[str, str]) -> dict[str, Any]:
    return {"reason": form.get("reason", ""), "public": form.get("public") == "yes"}


def _hands(form: dict[str, str]) -> dict[str, Any]:
    return {choice: _count(form, choice) for choice in ("yes", "no", "abstain")}


class MotionPages(Controller):
    path = "/orgs/{org:str}/motions/{motion_id:str}"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        motion_id: str,
        *,
        status: int = 200,
        **extra: Any,
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        return page.render(
            "motions/motion.html",
            status=status,
            modules=_page_module(motion),
            org=organisation,
            motion=motion,
            bars=tally_bars(motion.get("tally")),
            fresh_receipt=grouped(new_receipt()),
            **extra,
        )

    @get("/")
    async def motion(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        done = request.query_params.get("done")
        return await self._render(request, page, org, motion_id, done=done)

    async def _act(
        self,
        request: Request[Any, Any, Any],
        service: Service,
        fields: FormFields | None = None,
        **how: Any,
    ) -> Template | Redirect:
        """Run `service` on the motion in the address with the form's `fields`; back to its page."""
        org, motion_id = request.path_params["org"], request.path_params["motion_id"]
        action = call_service(request, service, org, motion_id, fields=fields)
        render = partial(self._render, request, org=org, motion_id=motion_id)
        return await act_on_page(request, action, render, f"/orgs/{org}/motions/{motion_id}", **how)

    @post("/vote")
    async def vote(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template | Redirect:
        """Cast your vote. A secret ballot's receipt came with the form; the same form sent
        again (a reload, a retry after a lost reply) shows it again as already counted. A
        verifiable vote the server encrypted shows its tracker, to find it in the record."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            if form.get("server_encrypt"):  # a verifiable vote from this page: see the template
                cast = await verifiable_cast.cast_verifiable(
                    runtime_of(request),
                    page.actor,
                    org,
                    motion_id,
                    ballot=None,
                    choice=form.get("choice", ""),
                    server_encrypt=True,
                )
            else:
                cast = await voting.cast_vote(
                    runtime_of(request),
                    page.actor,
                    org,
                    motion_id,
                    choice=form.get("choice", ""),
                    receipt=form.get("receipt") or None,
                )
        except DomainError as error:
            return await self._refused(request, page, org, motion_id, error)
        if "receipt" not in cast and "tracker" not in cast:
            return see_other(f"/orgs/{org}/motions/{motion_id}?done=voted")
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        # A secret ballot's receipt (which carries a tracker too), or a server-encrypted
        # ballot's tracker, shown once, here, as the browser's is.
        receipt = "motions/receipt.html" if "receipt" in cast else "motions/verifiable_receipt.html"
        response = page.render(receipt, org=organisation, motion=motion, cast=cast)
        response.headers.update(NO_STORE)
        return response

    @post("/cast-ballot")
    async def cast_ballot(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template:
        """Cast the ballot this page's JavaScript encrypted (vote-page.js): the same checks
        as the API's, and a receipt with the tracker the voter saw before casting."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            cast = await verifiable_cast.cast_verifiable(
                runtime_of(request),
                page.actor,
                org,
                motion_id,
                ballot=browser_ballot(form),
                choice=None,
                server_encrypt=False,
            )
        except DomainError as error:
            return await self._refused(request, page, org, motion_id, error)
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        response = page.render(
            "motions/verifiable_receipt.html", org=organisation, motion=motion, cast=cast
        )
        response.headers.update(NO_STORE)
        return response

    async def _refused(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        motion_id: str,
        error: DomainError,
    ) -> Template:
        """A vote refused: the motion's page again, the reason beside the form."""
        return await self._render(
            request,
            page,
            org,
            motion_id,
            status=error.status if error.status < 500 else 400,
            errors=errors_for(error, FORM_ERROR),
        )

    @post("/recuse")
    async def recuse(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(
            request,
            motions.recuse,
            _recusal,
            done="recused",
            field="reason",
            required={"reason": "Say briefly what the conflict is (for the record)"},
        )

    @post("/second")
    async def second(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, motions.second_motion, done="seconded")

    @post("/withdraw")
    async def withdraw(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, motions.withdraw_motion, done="withdrawn")

    @post("/open-vote")
    async def open_vote(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, motions.open_vote, done="vote-opened")

    @post("/show-of-hands")
    async def hands(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(
            request, voting.enter_show_of_hands, _hands, done="hands", field="yes"
        )

    @get("/close-vote")
    async def confirm_close(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template:
        """Before the chair closes the vote: how many of the eligible have voted (numbers
        only), and a button to confirm."""
        page = await Page.of(request)
        turnout = await voting.turnout(runtime_of(request), page.actor, org, motion_id)
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        return page.render(
            "motions/close_vote.html", org=organisation, motion=motion, turnout=turnout
        )

    @post("/close-vote")
    async def close_vote(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, voting.close_vote, done="closed")

    @post("/receipt.txt", status_code=200)
    async def download_receipt(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Response[str]:
        """The receipt as a text file: what it is for and how to check it. Posted, so the
        receipt is in no address or log, and nothing keeps it."""
        page = await Page.of(request)
        form = await read_form(request)
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        try:
            canonical = canonical_receipt(form.get("receipt", ""))
        except ValueError as error:
            raise InvalidInput(str(error), field="receipt") from None
        check_url = f"{str(request.base_url).rstrip('/')}/orgs/{org}/motions/{motion_id}/ballots"
        text = receipt_text(organisation, motion, canonical, check_url)
        name = f"receipt-{org}-motion-{motion['number']}.txt".replace("/", "-")
        return Response(
            text,
            media_type="text/plain; charset=utf-8",
            headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
        )

    @get("/ballots")
    async def ballots(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template:
        """The published trackers of a closed secret ballot, and a receipt check."""
        page = await Page.of(request)
        return await self._ballots(request, page, org, motion_id)

    async def _ballots(
        self,
        request: Request[Any, Any, Any],
        page: Page,
        org: str,
        motion_id: str,
        **extra: Any,
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        motion = await motions.get_motion(runtime_of(request), page.actor, org, motion_id)
        try:
            published = await voting.published_ballots(
                runtime_of(request), page.actor, org, motion_id
            )
        except Conflict as error:  # not closed yet, or not a secret ballot
            return page.render(
                "motions/ballots.html", org=organisation, motion=motion, not_yet=str(error)
            )
        if "receipt" in extra.get("values", {}):
            looked_for = trackers_to_look_for(extra["values"]["receipt"])
            extra["found"] = bool(looked_for & set(published["trackers"]))
        return page.render(
            "motions/ballots.html", org=organisation, motion=motion, published=published, **extra
        )

    @post("/ballots")
    async def check_receipt(
        self, request: Request[Any, Any, Any], org: FromPath[str], motion_id: FromPath[str]
    ) -> Template:
        """Check a receipt: its tracker (SHA-256 of its canonical form) is looked up in the
        published list. The receipt is not stored, and the page is not cached."""
        page = await Page.of(request)
        form = await read_form(request)
        receipt = form.get("receipt", "").strip()
        if not receipt:
            return await self._ballots(
                request,
                page,
                org,
                motion_id,
                errors={"receipt": "Enter the receipt you were shown when you voted."},
            )
        response = await self._ballots(request, page, org, motion_id, values={"receipt": receipt})
        response.headers.update(NO_STORE)
        return response
