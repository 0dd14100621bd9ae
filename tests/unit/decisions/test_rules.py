"""The decision log's pure rules: cursors, filters, search words and CSV cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.decisions import rules
from governance.errors import InvalidInput

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
ids = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)


@given(moments, ids)
def test_cursor_round_trips(decided_at: datetime, motion_id: str) -> None:
    cursor = rules.Cursor(decided_at=decided_at, id=motion_id)
    token = rules.encode_cursor(cursor)
    assert token.isascii() and "=" not in token and "/" not in token and "+" not in token
    assert rules.decode_cursor(token) == cursor


@given(st.text(max_size=80))
def test_any_string_is_a_cursor_or_a_field_error(token: str) -> None:
    try:
        cursor = rules.decode_cursor(token)
    except InvalidInput as error:
        assert error.field == "cursor"
    else:
        assert cursor.decided_at.tzinfo is not None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"outcome": "adopted"}, "outcome"),
        ({"since": "last week"}, "since"),
        ({"until": "2026-02-30"}, "until"),
        ({"since": "2026-03-02", "until": "2026-03-01"}, "until"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filters_name_the_field(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        rules.parse_filters(**params)
    assert raised.value.field == field


def test_filters_parse() -> None:
    filters = rules.parse_filters(
        q="  Budget budget, 2026! ",
        body=" board ",
        outcome="Carried",
        since="2026-03-01",
        until="2026-03-01",
    )
    assert filters.terms == ("budget", "2026")
    assert filters.body == "board"
    assert filters.outcome == "carried"
    assert filters.since == datetime(2026, 3, 1, tzinfo=UTC)
    assert filters.until == datetime(2026, 3, 2, tzinfo=UTC)  # the whole day is included
    assert rules.parse_filters() == rules.Filters()


@pytest.mark.parametrize(("value", "limit"), [(None, 50), ("", 50), ("1", 1), ("100", 100)])
def test_limit(value: str | None, limit: int) -> None:
    assert rules.parse_limit(value) == limit


@pytest.mark.parametrize("value", ["0", "101", "ten", "-5"])
def test_bad_limit(value: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        rules.parse_limit(value)
    assert raised.value.field == "limit"


def test_search_words() -> None:
    assert rules.words("Peer-led, treasurer's 3.5 snake_case CAFÉ") == [
        "peer",
        "led",
        "treasurer",
        "s",
        "3",
        "5",
        "snake",
        "case",
        "café",
    ]
    assert rules.search_document("A Title", "and text") == "a title and text"


@given(st.text())
def test_search_terms_are_letters_and_digits_only(q: str) -> None:
    try:
        terms = rules.search_terms(q)
    except InvalidInput:
        assert len(q.strip()) > rules.MAX_QUERY_CHARS
        return
    assert len(terms) <= rules.MAX_TERMS
    for term in terms:
        assert term and all(c.isalnum() for c in term)  # safe to quote for FTS5 and tsquery


@given(st.text())
def test_csv_cells_never_start_a_formula_and_keep_the_text(value: str) -> None:
    cell = rules.csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (value, "'" + value)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell, "next"])
    assert next(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [cell, "next"]


def test_csv_cell_examples() -> None:
    assert rules.csv_cell("=1+1") == "'=1+1"
    assert rules.csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert rules.csv_cell("plain") == "plain"
    assert rules.csv_cell(None) == ""
    assert rules.csv_cell(3) == "3"
