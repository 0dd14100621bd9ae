"""Domain errors: what went wrong, in words a board member can act on.

Rules and services raise these; they never raise HTTP exceptions. The web layer maps each
class to an RFC 9457 problem-details response in exactly one place
(`governance.web.problems`). Each error carries a short machine-readable `code` (used in the
problem `type` URI) and a plain-language `detail`.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the domain can raise on purpose."""

    status: ClassVar[int] = 400
    title: ClassVar[str] = "The request could not be carried out"
    code: str = "domain-error"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.extra = extra


class InvalidInput(DomainError):
    """The request is malformed or a field holds a value that cannot be used."""

    status = 400
    title = "Something in the request needs fixing"
    code = "invalid-input"

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.field = field
        if field is not None:
            self.extra.setdefault("field", field)


class Unauthenticated(DomainError):
    """No valid sign-in: wrong credentials, an expired session, or none at all."""

    status = 401
    title = "Please sign in"
    code = "unauthenticated"


class Forbidden(DomainError):
    """Signed in, but this person may not do this here."""

    status = 403
    title = "You are not allowed to do this"
    code = "forbidden"


class NotFound(DomainError):
    """Nothing by that identifier exists, or the caller may not know that it does."""

    status = 404
    title = "Not found"
    code = "not-found"


class Conflict(DomainError):
    """The request is well formed but the current state does not allow it."""

    status = 409
    title = "This cannot be done right now"
    code = "conflict"


class TooManyAttempts(DomainError):
    """Rate limited: too many tries in a short time."""

    status = 429
    title = "Too many attempts"
    code = "rate-limited"

    def __init__(self, detail: str, *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.retry_after = retry_after


class Unavailable(DomainError):
    """A dependency (for example the PDF renderer) failed or timed out; nothing changed."""

    status = 503
    title = "Temporarily unavailable"
    code = "unavailable"
