"""After a secret vote, nothing in the database or the audit log ties a member to a choice
or to a receipt, and nothing records the order in which ballots were cast."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from governance.motions.tables import Motion
from governance.voting.box import Ballot, BallotTracker
from tests.helpers import Api
from tests.web.motions.board import seat_board

CHOICES = {"yes", "no", "abstain"}


async def _all_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table in the database, whatever the engine."""
    engine = Motion._meta.db
    if engine.engine_type == "sqlite":
        listing = "SELECT name FROM sqlite_master WHERE type = 'table'"
        names = [r["name"] for r in await Motion.raw(listing)]
    else:
        listing = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        names = [r["tablename"] for r in await Motion.raw(listing)]
    return {name: await Motion.raw(f'SELECT * FROM "{name}"') for name in names}  # noqa: S608


def _strings(value: Any) -> set[str]:
    """Every string value (not key) inside a value, JSON text included."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return {value}
        return {value} if isinstance(parsed, str) else {value, *_strings(parsed)}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {str(value)} if value is not None else set()


async def test_nothing_ties_a_member_to_a_choice_or_a_receipt(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the level the service logs at (see docs/SECURITY.md)
    board = await seat_board(api, directors=4)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "chair", method="secret", title="Elect Pat")
    await board.seconded_and_open(motion)
    choices = {"chair": "yes", "secretary": "no", "d1": "abstain", "d2": "yes", "d3": "yes"}
    receipts = {}
    for name, choice in choices.items():
        cast = await board.vote(motion, name, choice)
        assert cast.status_code == 201, cast.text
        receipts[name] = cast.json()["receipt"]
        assert len(receipts[name]) * 5 >= 128  # Crockford base32: 128 bits or more
    ids_while_open = {r["id"] for r in await Ballot.select(Ballot.id)}
    ids_while_open |= {r["id"] for r in await BallotTracker.select(BallotTracker.id)}
    closed = await board.do(motion, "close-vote", "chair")
    assert closed.json()["tally"]["yes"] == 3
    trackers = set((await board.get(f"/motions/{motion}/ballots"))["trackers"])

    rows = await _all_rows()
    people: set[str] = set()
    for name in choices:
        person = api.people[name]
        people |= {str(person.member_id), str(person.account_id or ""), person.email}
    member_rows = await board.get("/members", "ada")
    people |= {m["id"] for m in member_rows["members"]} | {
        m["display_name"] for m in member_rows["members"]
    }
    accounts = {r["id"] for r in rows["account"]}
    people = (people | accounts) - {""}
    secrets_ = set(receipts.values()) | trackers

    # The box has exactly the columns it should: nothing about who or when.
    assert set(rows["ballot"][0]) == {"id", "motion", "choice"}
    assert set(rows["ballot_tracker"][0]) == {"id", "motion", "tracker"}
    assert set(rows["ballot_roll"][0]) == {"id", "motion", "membership", "receipt_check"}
    # The roll's receipt check (to recognise a receipt sent again) is not the tracker: it
    # cannot be matched to the box without the receipt.
    assert not {r["receipt_check"] for r in rows["ballot_roll"]} & trackers
    # The box was rewritten at the close: no id seen during the vote survives it.
    assert not ids_while_open & {r["id"] for r in rows["ballot"] + rows["ballot_tracker"]}

    for table, table_rows in rows.items():
        for row in table_rows:
            values = _strings(dict(row))
            dump = " ".join(values)
            # Receipts are never stored anywhere, in any form.
            assert not any(r in dump for r in receipts.values()), table
            if values & people:
                # A row naming a person holds no ballot choice and no tracker.
                assert not values & secrets_, (table, row)
                if table not in ("audit_entry",):
                    assert not values & CHOICES, (table, row)
    audit = [r for r in rows["audit_entry"] if r["subject"] == f"motion:{motion}"]
    casts = [r for r in audit if r["action"] == "ballot.cast"]
    assert len(casts) == len(choices)
    for entry in audit:
        data_values = _strings(json.loads(entry["data"]))
        assert not data_values & CHOICES, entry  # no choice in any entry's data
        assert not data_values & secrets_, entry
    for cast in casts:
        assert set(json.loads(cast["data"])) == {"member_id"}
    assert not any(r in caplog.text for r in receipts.values())
    assert not any(t in caplog.text for t in trackers), caplog.text[-3000:]


@pytest.mark.sqlite_only
async def test_the_box_has_no_rowid_on_sqlite(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "chair", method="secret")
    await board.seconded_and_open(motion)
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    for table in ("ballot", "ballot_tracker"):
        with pytest.raises(Exception, match="rowid"):
            await Motion.raw(f"SELECT rowid FROM {table}")  # noqa: S608
    # The roll has a rowid, and that is fine: it says who voted, which is public.
    assert await Motion.raw("SELECT rowid FROM ballot_roll")
