"""The one place where errors become HTTP responses (RFC 9457 problem details).

Domain errors carry their own status and plain-language detail. Litestar's own HTTP errors
(validation, 404 for unknown routes, 413 for large bodies, 405) are rewritten in the same
shape. Anything else is a bug: it is logged with the request id and answered with a 500 that
reveals nothing of the internals.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from governance.errors import DomainError, TooManyAttempts
from governance.web.middleware import ensure_request_id

log = logging.getLogger("governance.errors")
PROBLEM_TYPE = "https://governance.example/problems/"
MEDIA_TYPE = "application/problem+json"

_STATUS_TITLES = {
    400: ("bad-request", "Something in the request needs fixing"),
    401: ("unauthenticated", "Please sign in"),
    403: ("forbidden", "You are not allowed to do this"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "This action is not available here"),
    409: ("conflict", "This cannot be done right now"),
    413: ("too-large", "The request is too large"),
    415: ("unsupported-media-type", "Send JSON"),
    429: ("rate-limited", "Too many attempts"),
}


def request_id(request: Request[Any, Any, Any]) -> str:
    return ensure_request_id(request.scope)


def problem(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    from governance.web.pages.errors import html_problem, wants_html

    if wants_html(request):
        return html_problem(request, status=status, title=title, detail=detail, headers=headers)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": request_id(request),
        **extra,
    }
    return Response(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    headers = None
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return problem(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        headers=headers,
        **exc.extra,
    )


_FIELD_RE = re.compile(r"`\$\.([A-Za-z0-9_.\[\]]+)`")
_MISSING_RE = re.compile(r"missing required field `([A-Za-z0-9_]+)`")
# Litestar names the handler parameter (`data`) or `body` when the whole body is wrong.
_WHOLE_BODY = (None, "body", "data")
_NOT_JSON = "The request body is not valid JSON. Send a JSON object."


def _validation_detail(exc: ValidationException) -> tuple[str, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        message = str(item.get("message", "")) if isinstance(item, dict) else str(item)
        key = item.get("key") if isinstance(item, dict) else None
        match = _FIELD_RE.search(message) or _MISSING_RE.search(message)
        field = match.group(1) if match else (None if key in _WHOLE_BODY else key)
        errors.append({"field": field, "message": message})
    fields = [e["field"] for e in errors if e["field"]]
    if fields:
        detail = f"Check the field {fields[0]!r}: {errors[0]['message']}"
    elif "JSON" in str(exc.detail) or any("JSON" in e["message"] for e in errors):
        detail = _NOT_JSON
    elif errors:
        detail = errors[0]["message"] or "The request body could not be read."
    else:
        detail = str(exc.detail) or "The request could not be read."
    return detail, errors


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    code, title = _STATUS_TITLES.get(status, ("error", "The request could not be carried out"))
    if isinstance(exc, ValidationException):
        detail, errors = _validation_detail(exc)
        field = next((e["field"] for e in errors if e["field"]), None)
        return problem(
            request,
            status=400,
            code="invalid-input",
            title=title,
            detail=detail,
            errors=errors,
            field=field,
        )
    details = {
        404: "There is nothing at this address.",
        405: "This address does not accept that kind of request.",
        413: "The request is larger than 1 MiB. Send less at once.",
    }
    detail = details.get(status) or str(exc.detail) or title
    if status == 400 and any(w in detail for w in ("JSON", "truncated", "malformed")):
        detail = _NOT_JSON  # msgspec's words ("Input data was truncated") mean nothing to people
    if status >= 500:
        log.error(
            "HTTP %s on %s (request %s): %s",
            status,
            request.url.path,
            request_id(request),
            exc.detail,
        )
        detail = "Something went wrong on our side. Nothing was changed; please try again."
    return problem(
        request,
        status=status,
        code=code,
        title=title,
        detail=detail,
        headers=dict(exc.headers or {}),
    )


NOT_SAVED = (
    "Nothing was saved: the database cannot store anything right now (its disk may be full "
    "or it is read-only). Please try again later; if it keeps happening, tell your "
    "administrator."
)
# SQLite's result codes and PostgreSQL's SQLSTATE classes that mean "cannot write now".
_SQLITE_CANNOT_WRITE = ("SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN")
_PG_CANNOT_WRITE = ("53", "25006", "58030")  # insufficient resources, read-only, I/O error


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def storage_failure(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot store anything (disk full, read-only, I/O)."""
    for error in _causes(exc):
        name = getattr(error, "sqlite_errorname", None)
        if isinstance(name, str) and name.startswith(_SQLITE_CANNOT_WRITE):
            return True
        text = str(error).lower()
        if "readonly database" in text or "disk is full" in text or "disk full" in text:
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state.startswith(_PG_CANNOT_WRITE):
            return True
    return False


def number_too_large(exc: BaseException) -> bool:
    """A whole number too large for the database (SQLite and PostgreSQL keep 64 bits)."""
    for error in _causes(exc):
        if isinstance(error, OverflowError) or "out of int64 range" in str(error):
            return True
        if getattr(error, "sqlstate", None) == "22003":  # numeric_value_out_of_range
            return True
    return False


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if storage_failure(exc):
        log.error("Database cannot write (request %s): %s", request_id(request), exc)
        return problem(
            request,
            status=503,
            code="unavailable",
            title="Temporarily unavailable",
            detail=NOT_SAVED,
            headers={"Retry-After": "60"},
        )
    if number_too_large(exc):
        return problem(
            request,
            status=400,
            code="invalid-input",
            title=_STATUS_TITLES[400][1],
            detail="A number in the request is too large. Check the numbers and try again.",
        )
    if isinstance(exc, RecursionError):
        return problem(
            request,
            status=400,
            code="invalid-input",
            title=_STATUS_TITLES[400][1],
            detail="The request is nested too deeply to be read. Send a simpler one.",
        )
    log.exception(
        "Unexpected error on %s %s (request %s)",
        request.method,
        request.url.path,
        request_id(request),
        exc_info=exc,
    )
    return problem(
        request,
        status=500,
        code="internal",
        title="Something went wrong",
        detail="Something went wrong on our side and nothing was changed. Please try again; "
        f"if it keeps happening, tell your administrator the request id {request_id(request)}.",
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}


def document_problems(openapi: Any) -> None:
    """Describe error responses in the OpenAPI document as they are sent: problem details.

    Litestar documents its validation 400 as `application/json` with its own error shape;
    the handlers above answer `application/problem+json` with RFC 9457 members instead.
    """
    from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Schema

    text = Schema(type=OpenAPIType.STRING)
    shape = Schema(
        type=OpenAPIType.OBJECT,
        required=["type", "title", "status", "detail"],
        properties={
            "type": text,
            "title": text,
            "status": Schema(type=OpenAPIType.INTEGER),
            "detail": text,
            "instance": text,
            "request_id": text,
            "field": text,
        },
        description="RFC 9457 problem details",
    )
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            for status, response in ((operation and operation.responses) or {}).items():
                if status.startswith("4") and isinstance(response, OpenAPIResponse):
                    response.content = {MEDIA_TYPE: OpenAPIMediaType(schema=shape)}
