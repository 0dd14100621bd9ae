"""From a box's contents to an election's stored result: the candidates as the count names
them, the reservation at the close, the pure count's input, and the result JSON.

Used by `counting.py` (the secret box's marks) and `verifiable_count.py` (a verifiable
election's decrypted approvals, which count by `count.rank_approvals`).
"""

from __future__ import annotations

from typing import Any

from governance.elections.count import Election as CountElection
from governance.elections.count import count_approval, count_stv, make_election
from governance.elections.count.report import CountReport
from governance.elections.reservation import continuing_on
from governance.elections.tables import Candidate


async def named_candidates(election_id: str) -> list[dict[str, Any]]:
    """Standing candidates in order of nomination, each with a unique display name."""
    rows = await Candidate.select(
        Candidate.id,
        Candidate.lived_experience_candidate,
        Candidate.created_at,
        Candidate.membership.account.display_name.as_alias("display_name"),
    ).where((Candidate.election == election_id) & Candidate.withdrawn_at.is_null())
    rows.sort(key=lambda r: (r["created_at"], r["id"]))
    names = [str(r["display_name"] or "Candidate").strip() or "Candidate" for r in rows]
    for i, row in enumerate(rows):
        name = names[i]
        row["name"] = name if names.count(name) == 1 else f"{name} ({i + 1})"
    return rows


async def reserved_at_close(election: dict[str, Any]) -> int:
    """The reservation recomputed from the body as it stands at the close."""
    seats = await continuing_on(election["body"], election["term_starts_on"])
    return seats.reserved(int(election["seats"]))


def count_input(
    election: dict[str, Any], candidates: list[dict[str, Any]], marks: list[str], *, reserved: int
) -> CountElection:
    """The pure count's election: candidates numbered 1..n in nomination order, the LE
    candidates as the reserved group (blank approval ballots carry no marks to count)."""
    seats = min(int(election["seats"]), len(candidates))
    number = {c["id"]: i for i, c in enumerate(candidates, start=1)}
    ballots = [tuple(number[c] for c in m.split() if c in number) for m in marks]
    group = [number[c["id"]] for c in candidates if c["lived_experience_candidate"]]
    return make_election(
        [c["name"] for c in candidates],
        seats,
        [b for b in ballots if b],
        title=str(election["title"]),
        group=group if reserved else (),
        # Fewer of the group standing than reserved: the count elects them all and its
        # report says the reservation could not be met.
        reserved=min(reserved, seats) if group else 0,
    )


def count_election(
    election: dict[str, Any],
    candidates: list[dict[str, Any]],
    marks: list[str],
    *,
    reserved: int,
    seed: str,
) -> tuple[CountElection, dict[str, Any]]:
    """The pure count of a box: the count's Election and the stored result JSON."""
    counted = count_input(election, candidates, marks, reserved=reserved)
    is_stv = election["method"] == "stv"
    report = (count_stv if is_stv else count_approval)(counted, seed=seed)
    return counted, result_of(report, candidates, reserved=reserved, seed=seed)


def result_of(
    report: CountReport, candidates: list[dict[str, Any]], *, reserved: int, seed: str
) -> dict[str, Any]:
    """The stored result JSON of a count's report (candidate ids, not names)."""
    by_name = {c["name"]: c["id"] for c in candidates}
    data = report.to_dict()
    reservation = report.reservation
    filled = reservation.elected_from_group if reservation else 0
    return {
        "elected": [by_name[n] for n in report.elected],
        "rounds": data.get("stages", []),
        "quota": report.quota,
        "reserved": reserved,
        "reserved_filled": filled,
        "reservation_met": filled >= reserved,
        "ties": data.get("ties", []),
        "seed": seed,
        "report": data,
    }
