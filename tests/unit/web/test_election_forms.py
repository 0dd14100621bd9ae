"""The ranked ballot's selects read into a ranking, and the mistakes a person can make on
them (gaps, repeats, nothing numbered) refused in plain words beside the select to change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance.errors import InvalidInput
from governance.web.pages.election_forms import call_fields, parse_moment, ranking_from_form

CANDIDATES = [{"id": c} for c in ("a", "b", "c", "d")]


def _errors(form: dict[str, str]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as raised:
        ranking_from_form(CANDIDATES, form)
    return dict(raised.value.extra["errors"])


def test_the_numbers_give_the_order_and_blanks_are_left_out() -> None:
    form = {"rank-a": "2", "rank-b": "", "rank-c": "1", "rank-d": "3"}
    assert ranking_from_form(CANDIDATES, form) == ["c", "a", "d"]


def test_a_gap_is_named() -> None:
    errors = _errors({"rank-a": "1", "rank-b": "3"})
    assert errors == {
        "rank-b": "You gave 1 and 3 but no 2. Number your choices 1, 2, 3 and so on, with no gaps."
    }


def test_a_longer_gap_and_a_missing_first_choice() -> None:
    assert "You gave 1 and 4 but no 2 or 3." in _errors({"rank-a": "1", "rank-d": "4"})["rank-d"]
    assert _errors({"rank-c": "2"})["rank-c"].startswith("You gave 2 but no 1.")


def test_a_repeat_is_named_beside_the_second_select() -> None:
    errors = _errors({"rank-a": "1", "rank-b": "2", "rank-c": "2"})
    assert errors == {
        "rank-c": "Two candidates have number 2. Give each number to one candidate only."
    }


def test_repeats_and_gaps_are_all_reported() -> None:
    errors = _errors({"rank-a": "1", "rank-b": "1", "rank-c": "3"})
    assert errors["rank-b"].startswith("Two candidates have number 1.")
    assert errors["rank-c"].startswith("You gave 1 and 3 but no 2.")


def test_nothing_numbered_or_a_number_off_the_list() -> None:
    assert _errors({}) == {"rank-a": "Number at least one candidate: 1 for your first choice."}
    assert _errors({"rank-a": "1", "rank-b": "9"}) == {
        "rank-b": "Choose a number from 1 to 4, or leave it blank."
    }


def test_moments_are_utc() -> None:
    assert parse_moment("2026-12-07T18:00", field="x") == datetime(2026, 12, 7, 18, tzinfo=UTC)
    with pytest.raises(InvalidInput) as raised:
        parse_moment("7/12/2026", field="opens_at")
    assert raised.value.field == "opens_at"


def test_the_call_form() -> None:
    fields = call_fields(
        {
            "title": " Board 2027 ",
            "seats": "3",
            "method": "stv",
            "nominations_close": "2026-12-01T12:00",
            "opens_at": "2026-12-02T09:00",
            "closes_at": "2026-12-09T17:00",
            "term_starts_on": "2027-01-01",
        }
    )
    assert fields["title"] == "Board 2027" and fields["seats"] == 3
    assert fields["electorate"] is None and fields["term_ends_on"] is None
    with pytest.raises(InvalidInput) as raised:
        call_fields({"seats": "none"})
    assert raised.value.field == "seats"
