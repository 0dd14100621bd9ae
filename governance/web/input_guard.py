"""Checks on every request's raw input, before any handler or decoder sees it.

One place, so that both engines answer alike (PostgreSQL refuses a NUL in text where SQLite
would store it) and no decoder fails with a 500:

- a request body sent to the JSON API must say `Content-Type: application/json` (415
  otherwise): a cross-site form can post `text/plain` without asking first, which made
  sign-in forgeable (login CSRF);
- JSON nested too deep for the decoder, text holding control characters (NUL and the other
  C0 characters but tab, line feed and carriage return), and whole numbers beyond 64 bits
  in the query string are refused with a 400 naming the problem.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar import Request
from litestar.exceptions import HTTPException

from governance.errors import InvalidInput

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
INT64_MAX = 2**63 - 1
# Nesting deeper than this is refused (no request we accept nests beyond a few levels).
MAX_DEPTH = 32
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Percent-encoded control characters in a form body or query string.
_ENCODED_CONTROL = re.compile(rb"%(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])")
_DIGITS = re.compile(r"-?\d+")
CONTROL_MESSAGE = (
    "The text contains a control character (such as a NUL byte) that cannot be stored. "
    "Remove it and try again."
)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _depth_and_text(value: Any, depth: int = 0) -> None:
    """Refuse nesting beyond MAX_DEPTH and control characters in any string (keys too)."""
    if depth > MAX_DEPTH:
        raise InvalidInput(f"The JSON is nested too deeply. Send at most {MAX_DEPTH} levels.")
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise InvalidInput(CONTROL_MESSAGE)
    elif isinstance(value, dict):
        for key, item in value.items():
            _depth_and_text(key, depth + 1)
            _depth_and_text(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _depth_and_text(item, depth + 1)


def check_json(body: bytes) -> None:
    """Deep nesting and control characters in a JSON body (malformed JSON is left to the
    decoder, which names the field)."""
    suspicious = b"\\u00" in body or body.count(b"[") + body.count(b"{") > MAX_DEPTH
    if not suspicious:
        return  # the common case costs two scans in C, no second decode
    try:
        value = msgspec.json.decode(body)
    except RecursionError:
        raise InvalidInput(
            f"The JSON is nested too deeply. Send at most {MAX_DEPTH} levels."
        ) from None
    except msgspec.DecodeError:
        return
    _depth_and_text(value)


def check_query(raw: bytes) -> None:
    if not raw:
        return
    if _ENCODED_CONTROL.search(raw):
        raise InvalidInput(CONTROL_MESSAGE)
    for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if _DIGITS.fullmatch(value) and abs(int(value)) > INT64_MAX:
            raise InvalidInput(f"The number given for {name!r} is too large.", field=name)


async def guard_input(request: Request[Any, Any, Any]) -> None:
    """Litestar `before_request` hook (runs before the body is decoded for the handler)."""
    check_query(request.scope.get("query_string", b""))
    if request.method not in BODY_METHODS:
        return
    body = await request.body()  # kept in the scope: the handler's decoding reuses it
    if not body:
        return
    content_type = request.headers.get("content-type", "")
    if request.url.path.startswith("/api/"):
        if not _is_json(content_type):
            raise HTTPException(
                status_code=415,
                detail="Send the request body as JSON, with Content-Type: application/json.",
            )
        check_json(body)
    elif content_type.startswith("application/x-www-form-urlencoded") and (
        _ENCODED_CONTROL.search(body)
    ):
        raise InvalidInput(CONTROL_MESSAGE)
