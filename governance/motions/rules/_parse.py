"""Turning user-supplied strings into the enums the rules use, with a plain refusal."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from governance.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)


def one_of(enum: type[E], value: E | str, *, field: str) -> E:
    """Return `value` as a member of `enum`, or refuse naming the field and every choice.

    Raises:
        InvalidInput: `value` is not one of the enum's values.
    """
    try:
        return enum(value)
    except ValueError:
        names = [member.value for member in enum]
        choices = ", ".join(names[:-1]) + " or " + names[-1]
        raise InvalidInput(
            f"{field.replace('_', ' ').capitalize()} must be {choices}, not {value!r}.",
            field=field,
        ) from None


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 member`, `2 members`: the count with the noun agreeing."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
