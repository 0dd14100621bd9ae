"""BLT files in and out: withdrawn candidates, weights, ids, and errors with line numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.elections.count import Ballot, make_election, parse_blt, write_blt
from governance.errors import InvalidInput

SAMPLE = """\
# an election of two from four
4 2
-3
12 1 2 0
(b7) 7 4 - 1 0
3 3 2 0
1 3 0
0
"Ada Lovelace"
"Bo Diddley" "Rock and Roll Party"
Cy Twombly
"Dee"
"Board 2027"
"""


def test_a_blt_file_with_withdrawn_candidates_weights_ids_and_skips() -> None:
    election = parse_blt(SAMPLE)
    assert election.candidates == ("Ada Lovelace", "Bo Diddley", "Cy Twombly", "Dee")
    assert election.seats == 2 and election.withdrawn == frozenset({3})
    assert election.title == "Board 2027"
    assert election.ballots == (
        Ballot((1, 2), 12),
        Ballot((4, 1), 7),  # the id is ignored, the "-" skipped
        Ballot((3, 2), 3),
        Ballot((3,), 1),
    )


def test_names_quoted_twice_by_a_spreadsheet_are_read_as_names() -> None:
    text = (
        '2 1\n1 1 0\n0\n"""Edward GRADY"" ""Scottish Labour Party"""\n'
        '"LD ""Alison ANDREWS"""\n"""Ward 2 - Renfrew South"""\n'
    )
    election = parse_blt(text)
    assert election.candidates == ("Edward GRADY", "LD Alison ANDREWS")
    assert election.title == "Ward 2 - Renfrew South"


def test_written_and_read_back_it_is_the_same_election() -> None:
    election = parse_blt(SAMPLE, group=(1, 4), reserved=1)
    again = parse_blt(write_blt(election), group=(1, 4), reserved=1)
    assert again == election


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty"),
        ("two 1\n0\n", 1, "number of candidates"),
        ("2 1\n1 1 3 0\n0\nA\nB\n", 2, "numbers 1 to 2"),
        ("2 1\n1 1 1 0\n0\nA\nB\n", 2, "twice"),
        ("2 1\n0 1 0\n0\nA\nB\n", 2, "weight"),
        ("2 1\n1.5 1 0\n0\nA\nB\n", 2, "weight"),
        ("2 1\n1 1 2\n0\nA\nB\n", 2, "then 0"),
        ("2 1\n1 1=2 0\n0\nA\nB\n", 2, "equal preferences"),
        ("2 1\n-3\n1 1 0\n0\nA\nB\n", 2, "withdrawn"),
        ("2 1\n1 1 0\n", None, "ends inside the ballots"),
        ("2 1\n1 1 0\n0\nA\n", None, "there are 2 candidates"),
        ("2 1\n1 1 0\n0\nA\nB\nTitle\nmore\n", 7, "after the title"),
        ('2 1\n1 1 0\n0\n"A"\n""\n', 5, "name is empty"),
    ],
)
def test_a_bad_file_is_refused_naming_the_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as caught:
        parse_blt(text)
    if line is not None:
        assert caught.value.detail.startswith(f"Line {line}:")
        assert caught.value.extra["line"] == line


names = st.lists(
    st.text(alphabet=st.characters(blacklist_characters='"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029',
                                   blacklist_categories=("Cs", "Cc", "Zs")), min_size=1,
            max_size=8).filter(lambda n: not n.startswith("#")),
    min_size=1, max_size=6, unique=True,
)  # fmt: skip


@given(data=st.data(), candidates=names)
def test_any_election_survives_a_round_trip(data: st.DataObject, candidates: list[str]) -> None:
    n = len(candidates)
    ballots = data.draw(
        st.lists(
            st.tuples(st.permutations(range(1, n + 1)).flatmap(
                lambda p: st.integers(1, n).map(lambda k: tuple(p[:k]))),
                st.integers(1, 50)),
            max_size=10,
        )
    )  # fmt: skip
    withdrawn = data.draw(st.sets(st.integers(1, n), max_size=n - 1))
    election = make_election(candidates, data.draw(st.integers(1, n)), ballots,
                             withdrawn=withdrawn, title="t")  # fmt: skip
    assert parse_blt(write_blt(election)) == election
