"""Properties of the count on generated elections (hypothesis)."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.elections.count import Election, count_approval, count_stv, make_election
from governance.elections.count.election import Reservation
from governance.elections.count.numbers import UNIT


@st.composite
def elections(draw: st.DrawFn, *, reserve: bool = True) -> Election:
    n = draw(st.integers(2, 7))
    seats = draw(st.integers(1, min(4, n)))
    ranking = st.permutations(range(1, n + 1)).flatmap(
        lambda p: st.integers(1, n).map(lambda k: tuple(p[:k]))
    )
    ballots = draw(st.lists(st.tuples(ranking, st.integers(1, 9)), min_size=1, max_size=18))
    withdrawn = draw(st.sets(st.integers(1, n), max_size=1))
    group: set[int] = set()
    reserved = 0
    if reserve and draw(st.booleans()):
        group = draw(st.sets(st.integers(1, n), min_size=1))
        reserved = draw(st.integers(1, seats))
    names = [f"C{i}" for i in range(1, n + 1)]
    return make_election(names, seats, ballots, withdrawn=withdrawn, group=group,
                         reserved=reserved)  # fmt: skip


def units(text: str) -> int:
    return int(text.replace(".", ""))


def from_group(election: Election, elected: tuple[str, ...]) -> int:
    assert election.reservation is not None
    return sum(1 for c in election.reservation.group if election.name(c) in elected)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_the_number_elected_equals_the_seats_while_enough_stand(election: Election) -> None:
    for count in (count_stv, count_approval):
        report = count(election, seed="p")
        assert len(report.elected) == min(election.seats, len(election.standing))
        assert len(set(report.elected)) == len(report.elected)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_the_reservation_holds_whenever_enough_stand(election: Election) -> None:
    if election.reservation is None:
        return
    standing = [c for c in election.reservation.group if c in election.standing]
    for count in (count_stv, count_approval):
        report = count(election, seed="p")
        assert report.reservation is not None
        wanted = min(election.reservation.reserved, len(standing))
        assert from_group(election, report.elected) >= wanted
        assert report.reservation.met == (len(standing) >= election.reservation.reserved)


@settings(max_examples=100, deadline=None)
@given(elections(reserve=False), st.data())
def test_with_no_reservation_the_result_is_plain_stv(
    election: Election, data: st.DataObject
) -> None:
    group = data.draw(st.sets(st.sampled_from(election.standing), min_size=1))
    plain = count_stv(election, seed="p")
    # The constraint machinery with a minimum of 0 changes nothing, to the last figure.
    zero = dataclasses.replace(election, reservation=Reservation(frozenset(group), 0))
    same = count_stv(zero, seed="p")
    assert same.stages == plain.stages and same.elected == plain.elected
    assert same.ties == plain.ties


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_the_ballots_changes_nothing(election: Election, rnd: random.Random) -> None:
    shuffled = list(election.ballots)
    rnd.shuffle(shuffled)
    other = dataclasses.replace(election, ballots=tuple(shuffled))
    for count in (count_stv, count_approval):
        assert count(other, seed="p").to_dict() == count(election, seed="p").to_dict()


@settings(max_examples=100, deadline=None)
@given(elections())
def test_every_vote_is_accounted_for_at_every_stage(election: Election) -> None:
    report = count_stv(election, seed="p")
    valid = units(report.valid_votes)
    lost = 0
    for stage in report.stages:
        lost += units(stage.lost_to_truncation)
        held = sum(units(v) for v in stage.votes.values())
        assert held + units(stage.non_transferable_total) + lost == valid
        assert all(units(v) >= 0 for v in stage.votes.values())
    assert valid == UNIT * sum(
        b.weight for b in election.ballots if any(c not in election.withdrawn for c in b.ranking)
    )
