"""What every page shares: templates, the CSRF field, form errors, redirects.

Pages are routes like the JSON API: they parse a form, call the same service function the
API calls, and render a template. Domain errors on a form post re-render the form with the
message beside the field that caused it and what the person typed; other errors on pages
become an HTML error page in `governance.web.problems`, the one place that maps errors.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from datetime import date, tzinfo
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

import governance
from governance.errors import DomainError, Forbidden, InvalidInput
from governance.members.access import Actor
from governance.motions.rules.thresholds import needed_sentence, outcome_sentence
from governance.text import day_in, when_in
from governance.web.auth import CSRF_COOKIE, CSRF_FIELD, csrf_token, resolve_actor, runtime_of
from governance.web.pages.modules import STATIC_DIR as STATIC_DIR
from governance.web.pages.modules import module_tags

TEMPLATES_DIR = Path(governance.__file__).resolve().parent / "templates"
FORM_ERROR = "_form"


def template_config(zone: tzinfo | None = None) -> TemplateConfig[Any]:
    """Jinja templates under governance/templates (autoescaped); times shown in `zone`
    (the organisation's, `GOVERNANCE_TIME_ZONE`), which pages name as `time_zone`."""
    from litestar.plugins.jinja import JinjaTemplateEngine

    shown_in = zone or ZoneInfo("Europe/London")

    def add_filters(engine: JinjaTemplateEngine) -> None:
        engine.engine.filters["human"] = human
        engine.engine.filters["when"] = partial(when_in, zone=shown_in)
        engine.engine.filters["day"] = partial(day_in, zone=shown_in)
        engine.engine.globals["outcome_sentence"] = outcome_sentence
        engine.engine.globals["needed_sentence"] = needed_sentence
        engine.engine.globals["time_zone"] = getattr(shown_in, "key", str(shown_in))

    return TemplateConfig(
        directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=add_filters
    )


def safe_next(value: str | None, default: str = "/") -> str:
    """A local path to go back to after signing in (never another site).

    Only a path on this site: it starts with one `/`, and holds no backslash, space or control
    character (browsers drop tabs and newlines from an address, so `/<tab>/evil.example`
    would become `//evil.example`, another site).
    """
    if not value or not value.startswith("/") or "\\" in value:
        return default
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value) or value.startswith("//"):
        return default
    return value


def see_other(path: str) -> Redirect:
    """Post/redirect/get: 303 so a reload does not post again."""
    return Redirect(path=path, status_code=303)


class Page:
    """One request's view of the page layer: who is signed in and their CSRF token."""

    def __init__(self, request: Request[Any, Any, Any], actor: Actor | None) -> None:
        self.request = request
        self.actor = actor
        self._new_cookie: str | None = None

    @classmethod
    async def of(cls, request: Request[Any, Any, Any]) -> Page:
        return cls(request, await resolve_actor(request))

    @property
    def csrf(self) -> str:
        """The token for `_csrf` fields: the session's, or a signed-out double-submit cookie."""
        token = csrf_token(self.request) or self.request.cookies.get(CSRF_COOKIE)
        if not token:
            if self._new_cookie is None:
                self._new_cookie = secrets.token_urlsafe(32)
            token = self._new_cookie
        return token

    def render(
        self, name: str, *, status: int = 200, modules: str | None = None, **context: Any
    ) -> Template:
        """Render a page; `modules` names the static/js/verifiable/ module it runs, whose tags
        the template shows as `{{ modules }}`, with subresource integrity on every file."""
        if modules is not None:
            context["modules"] = module_tags(modules)
        context.setdefault("errors", {})
        context.setdefault("values", {})
        token = self.csrf
        cookies = []
        if self._new_cookie is not None:
            cookies.append(
                Cookie(
                    key=CSRF_COOKIE,
                    value=token,
                    httponly=False,
                    samesite="lax",
                    secure=runtime_of(self.request).settings.secure_cookies,
                    path="/",
                )
            )
        return Template(
            template_name=name,
            context={"actor": self.actor, "csrf": token, "path": self.request.url.path, **context},
            status_code=status,
            cookies=cookies,
        )


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted form as plain strings (last value wins; lists via `form_list`)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}


async def form_list(request: Request[Any, Any, Any], name: str) -> list[str]:
    form = await request.form()
    return [v for v in form.getall(name) if isinstance(v, str)] if name in form else []


async def check_signed_out_csrf(request: Request[Any, Any, Any]) -> None:
    """Forms used before signing in (sign-in, accept invitation): double-submit cookie."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (isinstance(sent, str) and cookie and hmac.compare_digest(sent, cookie)):
        raise Forbidden(
            "This form had expired. Go back, reload the page and try again.", code="csrf"
        )


def browser_ballot(form: dict[str, str]) -> object:
    """The `ballot` field of a verifiable vote's page: the JSON its JavaScript encrypted
    (vote-page.js). Only its readability is checked here; every other check is the cast's."""
    text = form.get("ballot", "").strip()
    if not text:
        raise InvalidInput(
            'Prepare your ballot first: choose, then press "Prepare my ballot".', field="ballot"
        )
    try:
        return json.loads(text)
    except ValueError:
        raise InvalidInput(
            "The ballot was refused: it is not readable (not JSON). Prepare a fresh ballot.",
            field="ballot",
        ) from None


def errors_for(error: DomainError, default_field: str = FORM_ERROR) -> dict[str, str]:
    """Where to show a domain error: beside its field, or at the top of the form.

    An error from `check_required` carries every field's message (`extra["errors"]`), so a
    form reports all its empty fields at once, each beside its field and in the summary.
    """
    every = error.extra.get("errors")
    if isinstance(every, dict) and every:
        return {str(k): str(v) for k, v in every.items()}
    field = error.field if isinstance(error, InvalidInput) and error.field else default_field
    return {field: error.detail}


Required = dict[str, str] | Callable[[dict[str, str]], dict[str, str]]
"""A form's required fields, each with what to say when it is empty ("Enter your email"),
or a function of the form giving them (a field required only for one kind of motion)."""


def check_required(form: dict[str, str], required: Required | None) -> None:
    """Refuse a form with empty required fields, naming every one of them at once.

    Raises `InvalidInput` for the first empty field with all of them in `errors`, which
    `errors_for` shows beside each field and in the error summary, in the form's order.
    """
    wanted = required(form) if callable(required) else (required or {})
    missing = {name: message for name, message in wanted.items() if not form.get(name, "").strip()}
    if missing:
        first = next(iter(missing))
        raise InvalidInput(missing[first], field=first, errors=missing)


ATTENDANCE_REQUIRED = {
    "status": "Choose how the member attended: present, remote, absent or excused"
}


def row_errors(
    errors: dict[str, str], values: dict[str, str], field: str = "status", key: str = "member_id"
) -> dict[str, str]:
    """A table of small forms (one per member): the error of the row that was posted goes
    under that row's field id (`status-<member_id>`), so the summary links to its select."""
    if field not in errors or not values.get(key):
        return errors
    moved = {k: v for k, v in errors.items() if k != field}
    return {**moved, f"{field}-{values[key]}": errors[field]}


FormAction = Callable[["Page", dict[str, str]], Awaitable[Any]]
RenderAgain = Callable[["Page", int, dict[str, str], dict[str, str]], Awaitable[Template]]
FormFields = Callable[[dict[str, str]], dict[str, Any]]
"""Reads a service's keyword arguments from a posted form."""
Service = Callable[..., Awaitable[Any]]
"""A service function, called as `service(runtime, actor, org, ..., **fields)`."""


def call_service(
    request: Request[Any, Any, Any],
    service: Service,
    *head: str,
    fields: FormFields | None = None,
) -> FormAction:
    """The form action `service(runtime, actor, *head, **fields(form))`.

    A page calls the same service function as the API, with the page's actor; `head` is
    what the address names (the organisation, then the meeting or motion).
    """

    async def action(page: Page, form: dict[str, str]) -> Any:
        extra = fields(form) if fields is not None else {}
        return await service(runtime_of(request), page.actor, *head, **extra)

    return action


async def act_then_redirect(
    request: Request[Any, Any, Any],
    action: FormAction,
    *,
    render_again: RenderAgain,
    success_url: str | Callable[[Any], str],
    field: str = FORM_ERROR,
    unavailable_status: int = 400,
    required: Required | None = None,
) -> Template | Redirect:
    """Post/redirect/get for a form: run `action`; on success redirect (303) to `success_url`
    (or to `success_url(result)`, for a form that creates the thing it then shows).

    Empty `required` fields are refused first, all of them at once (`check_required`). A
    refusal re-renders the same page with the error beside `field` and what the person
    typed kept (`render_again(page, status, errors, values)`). A 5xx domain error (a service
    that is unavailable) is answered with `unavailable_status`.
    """
    page = await Page.of(request)
    form = await read_form(request)
    try:
        check_required(form, required)
        result = await action(page, form)
    except DomainError as error:
        status = error.status if error.status < 500 else unavailable_status
        return await render_again(page, status, errors_for(error, field), form)
    return see_other(success_url(result) if callable(success_url) else success_url)


PageRenderer = Callable[..., Awaitable[Template]]
"""Renders one page for a `Page`, taking `status`, `errors` and `values` by keyword."""


def again_with(render: PageRenderer) -> RenderAgain:
    """The `render_again` of `act_then_redirect` that shows `render`'s page again."""

    async def render_again(
        page: Page, status: int, errors: dict[str, str], values: dict[str, str]
    ) -> Template:
        return await render(page, status=status, errors=errors, values=values)

    return render_again


async def act_on_page(
    request: Request[Any, Any, Any],
    action: FormAction,
    render: PageRenderer,
    url: str,
    *,
    done: str,
    field: str = FORM_ERROR,
    unavailable_status: int = 400,
    required: Required | None = None,
) -> Template | Redirect:
    """A form posted from a thing's own page (a meeting, a motion, minutes) and back to it.

    On success, redirect to `url?done=<done>` (the page says what was done); on a refusal,
    `render(page, status=..., errors=..., values=...)` shows the same page again.
    """
    return await act_then_redirect(
        request,
        action,
        render_again=again_with(render),
        success_url=f"{url}?done={done}",
        field=field,
        unavailable_status=unavailable_status,
        required=required,
    )


def parse_date(value: str | None, *, field: str, required: bool = True) -> date | None:
    """A date from an `<input type=date>` (YYYY-MM-DD)."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput("Enter a date.", field=field)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "Enter the date as year-month-day, for example 2026-03-31.", field=field
        ) from None


ROLE_NAMES = {
    "chair": "Chair",
    "vice_chair": "Vice-chair",
    "secretary": "Secretary",
    "treasurer": "Treasurer",
    "director": "Director",
    "admin": "Administrator",
}


def human(value: str | None) -> str:
    """A code such as `vice_chair` or `roll_call` in words."""
    if not value:
        return ""
    return ROLE_NAMES.get(value, value.replace("_", " ").capitalize())
