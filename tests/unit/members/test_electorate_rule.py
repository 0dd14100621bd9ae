"""`rules.electorate_roles`: who is in a body's electorate."""

from __future__ import annotations

from governance.members.rules import ASSEMBLY_MEMBER_ROLE, electorate_roles

SEATS = {"ann": "chair", "bob": "secretary", "cal": "director"}


def test_a_board_s_electorate_is_its_seats_whoever_is_in_good_standing() -> None:
    assert electorate_roles("board", seat_roles=SEATS, in_good_standing={"dee"}) == SEATS
    assert electorate_roles("committee", seat_roles={}, in_good_standing={"dee"}) == {}


def test_an_assembly_s_electorate_is_every_member_in_good_standing() -> None:
    got = electorate_roles("assembly", seat_roles=SEATS, in_good_standing={"ann", "cal", "dee"})
    # Real seats keep their roles; a suspended officer (bob) is out; nobody needs a seat.
    assert got == {"ann": "chair", "cal": "director", "dee": ASSEMBLY_MEMBER_ROLE}
    assert electorate_roles("assembly", seat_roles=SEATS, in_good_standing=set()) == {}
