"""The decision entry's one definition (`entries.ENTRY`) and the Python view agree on shape.

That the database's entries equal the Python view's, value for value on both engines, is
tests/web/decisions/test_log_json.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from governance.decisions import entries

NESTED = {key.partition(".")[0] for key, _column, _name, _how in entries.ENTRY if "." in key}


def _keys(entry: dict[str, object]) -> list[str]:
    keys: list[str] = []
    for key, value in entry.items():
        if key in NESTED and isinstance(value, dict):
            keys += [f"{key}.{inner}" for inner in value]
        else:
            keys.append(key)
    return keys


def test_the_python_view_has_the_definitions_fields_in_its_order() -> None:
    row = ["m1", 7, "t", "x", "board", "Board", None, "main", "roll_call", "carried",
           datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), '{"yes": 1}', "m9"]  # fmt: skip
    entry = entries.entry_of(row)
    assert _keys(entry) == [key for key, _column, _name, _how in entries.ENTRY]
    assert entry["decided_at"] == "2026-01-02T03:04:05+00:00"
    assert entry["tally"] == {"yes": 1}
    assert entry["rescinded_by"] == "m9"
    by_name = dict(zip(entries.ROW_KEYS, row, strict=True))
    assert entries.entry_of_mapping(by_name) == entry


def test_each_engines_sql_names_every_field_once() -> None:
    for sql in entries.ENTRY_JSON.values():
        for key, column, _name, _how in entries.ENTRY:
            assert sql.count(f"'{key.rpartition('.')[2]}', ") == 1
            assert column in sql
