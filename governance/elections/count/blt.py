"""BLT, the ballot file of STV software (OpenSTV, droop, eSTV, the Scottish council data).

    4 2                  candidates, seats
    -3                   optional: withdrawn candidates, as negative numbers
    12 1 2 0             weight, then preferences (candidate numbers), ended by 0
    (b2) 7 4 1 0         an optional "(id)" before the weight is ignored
    0                    the end of the ballots
    "Ada"                one name per candidate, quoted or not; text after a quoted
    "Bo" "Party"         name (a party) is ignored; doubled quotes from a spreadsheet
                         are undone
    "Cy"
    "Dee"
    "The title"          optional

A "-" in a ranking is a skipped preference and is passed over. Blank lines and lines
starting with "#" are ignored. Every mistake is refused with its line number.
"""

from __future__ import annotations

import re

from governance.elections.count.election import Ballot, Election, make_election
from governance.errors import InvalidInput

_QUOTED = re.compile(r'"([^"]*)"')


def _refuse(line: int, message: str) -> InvalidInput:
    return InvalidInput(f"Line {line}: {message}", field="file", line=line)


def parse_blt(text: str, *, group: tuple[int, ...] = (), reserved: int = 0) -> Election:
    """The election a BLT file describes (with a reservation, when one is given).

    Raises:
        InvalidInput: the file is not BLT, or names a candidate that is not on its list; the
            message starts with the line number.
    """
    lines = [
        (n, raw.strip())
        for n, raw in enumerate(text.splitlines(), start=1)
        if raw.strip() and not raw.strip().startswith("#")
    ]
    if not lines:
        raise InvalidInput("The file is empty: a BLT file starts with the number of "
                           "candidates and the number of seats.", field="file")  # fmt: skip
    pos = 0
    n, header = lines[pos]
    parts = header.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise _refuse(n, f"expected the number of candidates and of seats, found {header!r}.")
    count, seats = int(parts[0]), int(parts[1])
    if count < 1 or seats < 1:
        raise _refuse(n, "an election needs at least one candidate and one seat.")
    pos += 1
    withdrawn: list[int] = []
    if pos < len(lines) and lines[pos][1].startswith("-") and lines[pos][1] != "-":
        n, line = lines[pos]
        for token in line.split():
            if not re.fullmatch(r"-\d+", token) or not 1 <= -int(token) <= count:
                raise _refuse(n, f"a withdrawn candidate is written -1 to -{count}, "
                                 f"not {token!r}.")  # fmt: skip
            withdrawn.append(-int(token))
        pos += 1
    ballots: list[Ballot] = []
    while True:
        if pos >= len(lines):
            raise InvalidInput("The file ends inside the ballots: they must end with a line "
                               "holding only 0.", field="file")  # fmt: skip
        n, line = lines[pos]
        pos += 1
        if line == "0":
            break
        ballots.append(_ballot(n, line, count))
    names: list[str] = []
    for _ in range(count):
        if pos >= len(lines):
            raise InvalidInput(
                f"The file lists {len(names)} line(s) after the "
                f"ballots, but its first line says there are {count} candidates, each "
                "needing a line with their name.",
                field="file",
            )
        n, line = lines[pos]
        pos += 1
        name = _text(line)
        if not name:
            raise _refuse(n, "a candidate's name is empty.")
        names.append(name)
    title = ""
    if pos < len(lines):
        title = _text(lines[pos][1])
        pos += 1
    if pos < len(lines):
        raise _refuse(lines[pos][0], "unexpected text after the title.")
    return make_election(names, seats, ballots, withdrawn=withdrawn, title=title,
                         group=group, reserved=reserved)  # fmt: skip


def _text(line: str) -> str:
    """A name or title: the first quoted string, or the line without its quotes.

    Files that went through a spreadsheet double every quote and wrap the line in one more
    pair (three quotes, the name, two quotes, a space, two quotes, the party, three
    quotes); those quotes are undone first.
    """
    if len(line) >= 2 and line[0] == line[-1] == '"' and '""' in line:
        line = line[1:-1].replace('""', '"')
    quoted = _QUOTED.match(line)
    return (quoted.group(1) if quoted else line.replace('"', "")).strip()


def _ballot(n: int, line: str, count: int) -> Ballot:
    tokens = line.split()
    if tokens and re.fullmatch(r"\(.*\)", tokens[0]):
        tokens = tokens[1:]  # a ballot id
    if len(tokens) < 2 or tokens[-1] != "0":
        raise _refuse(n, "a ballot is a weight, then its preferences, then 0.")
    weight_text, *ranked, _ = tokens
    if not weight_text.isdigit() or int(weight_text) < 1:
        raise _refuse(n, f"the weight must be a whole number of at least 1, not "
                         f"{weight_text!r}.")  # fmt: skip
    ranking: list[int] = []
    for mark in ranked:
        if mark == "-":  # a skipped preference
            continue
        if "=" in mark:
            raise _refuse(n, "equal preferences (=) cannot be counted by STV.")
        if not mark.isdigit() or not 1 <= int(mark) <= count:
            raise _refuse(n, f"preferences are candidate numbers 1 to {count}, not {mark!r}.")
        if int(mark) in ranking:
            raise _refuse(n, f"the ballot ranks candidate {mark} twice.")
        ranking.append(int(mark))
    return Ballot(tuple(ranking), int(weight_text))


def write_blt(election: Election) -> str:
    """The election as a BLT file that `parse_blt` reads back to the same election."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{c}" for c in sorted(election.withdrawn)))
    for ballot in election.ballots:
        out.append(" ".join(str(x) for x in (ballot.weight, *ballot.ranking, 0)))
    out.append("0")
    out += [_quote(name) for name in election.candidates]
    if election.title:
        out.append(_quote(election.title))
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    if '"' in text:
        raise InvalidInput(f"{text!r} holds a double quote, which a BLT file cannot hold.",
                           field="candidates")  # fmt: skip
    return f'"{text}"'
