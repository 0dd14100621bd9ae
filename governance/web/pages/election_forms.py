"""Reading the election forms: the ballot's numbered selects and the "Call an election" form.

A ranked ballot on a page is one `<select>` per candidate (blank, 1..n), so it works with no
JavaScript; the person can leave gaps or give two candidates the same number. Those are
refused here, before anything is cast, with words that say what is wrong ("You gave 1 and 3
but no 2"), each beside the select to change; the service then checks the `ranking` it is
given as it checks the API's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from governance.errors import InvalidInput
from governance.web.pages.common import parse_date

NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}


def rank_field(candidate_id: str) -> str:
    """The name and id of a candidate's select on the ballot."""
    return f"rank-{candidate_id}"


def _listed(numbers: list[int], joiner: str = "and") -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def ranking_from_form(candidates: list[dict[str, Any]], form: dict[str, str]) -> list[str]:
    """The candidate ids in the order the voter numbered them (1 first).

    Raises:
        InvalidInput: with every problem in `errors`, keyed by the select to change: a number
            that is not on the list, a number given to two or more candidates, a gap (a
            number missing below a number used), or no number at all.
    """
    numbered: dict[int, list[str]] = {}
    errors: dict[str, str] = {}
    count = len(candidates)
    for candidate in candidates:
        field = rank_field(candidate["id"])
        text = (form.get(field) or "").strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= count:
            errors[field] = f"Choose a number from 1 to {count}, or leave it blank."
            continue
        numbered.setdefault(int(text), []).append(candidate["id"])
    if not numbered and not errors:
        first = rank_field(candidates[0]["id"]) if candidates else "ranking"
        errors[first] = "Number at least one candidate: 1 for your first choice."
    for number, ids in sorted(numbered.items()):
        if len(ids) > 1:
            many = NUMBER_WORDS.get(len(ids), str(len(ids)))
            errors[rank_field(ids[1])] = (
                f"{many} candidates have number {number}. Give each number to one candidate only."
            )
    used = sorted(numbered)
    if used:
        missing = [n for n in range(1, used[-1]) if n not in numbered]
        if missing:
            after = next(n for n in used if n > missing[0])
            errors.setdefault(
                rank_field(numbered[after][0]),
                f"You gave {_listed([n for n in used if n <= after])} but no "
                f"{_listed(missing, 'or')}. Number your choices 1, 2, 3 and so on, with no gaps.",
            )
    if errors:
        first = next(iter(errors))
        raise InvalidInput(errors[first], field=first, errors=errors)
    return [numbered[n][0] for n in used]


def parse_moment(value: str | None, *, field: str) -> datetime:
    """A UTC moment from an `<input type=datetime-local>` (YYYY-MM-DDTHH:MM)."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput("Enter a date and a time.", field=field)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "Enter the date and time as year-month-day and hours:minutes, "
            "for example 2026-03-31 18:00.",
            field=field,
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _seats(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput("Enter how many seats, a whole number of 1 or more.", field="seats")
    return int(text)


CALL_REQUIRED = {
    "title": "Enter a title, for example Board election 2027",
    "seats": "Enter how many seats are to be filled",
    "method": "Choose how the votes are counted: STV or approval",
    "nominations_close": "Enter when nominations close",
    "opens_at": "Enter when voting opens",
    "closes_at": "Enter when voting closes",
}


def call_fields(form: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments of `calling.call_election` from the form."""
    starts: date | None = parse_date(
        form.get("term_starts_on"), field="term_starts_on", required=False
    )
    ends: date | None = parse_date(form.get("term_ends_on"), field="term_ends_on", required=False)
    return {
        "title": form.get("title", "").strip(),
        "seats": _seats(form.get("seats")),
        "method": form.get("method", ""),
        "electorate": form.get("electorate") or None,
        "nominations_close": parse_moment(form.get("nominations_close"), field="nominations_close"),
        "opens_at": parse_moment(form.get("opens_at"), field="opens_at"),
        "closes_at": parse_moment(form.get("closes_at"), field="closes_at"),
        "term_starts_on": starts,
        "term_ends_on": ends,
        "verifiable": form.get("verifiable") == "yes",
    }
