"""Issue 11, item 3: lived-experience counts next to names identify people.

Each test performs the attack as it was reproduced: the attacker reads what their role may
read, turns every number or verdict about lived experience into a constraint on the unknown
attestations, and names everyone whose attestation is the same in every assignment that
satisfies all the constraints (`solve`, brute force over the 2^9 assignments). Before the fix
each attack named 9 of 9 (the figures are in the closing note of the branch and in
docs/SECURITY.md); now the counts are gone and what is left is one verdict bit per change,
which `verdict_bound` states.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from tests.helpers import Api
from tests.web.minutes.flow import pdf_record, pdf_text

#: Who has lived experience, in seating order (chair, secretary, then directors).
TRUTH = (True, False, True, True, False, True, True, False, True)
NAMES = ("chair", "secretary", *(f"d{i}" for i in range(1, 8)))
QUOTA = 0.51

Constraint = Callable[[Sequence[bool]], bool]


def solve(constraints: list[Constraint]) -> set[int]:
    """Indexes of members whose attestation every consistent assignment agrees on."""
    consistent = [
        a for a in itertools.product((False, True), repeat=9) if all(c(a) for c in constraints)
    ]
    assert tuple(TRUTH) in consistent, "the attacker's model must fit the truth"
    return {i for i in range(9) if len({a[i] for a in consistent}) == 1}


def lived(members: Sequence[int]) -> Callable[[Sequence[bool]], int]:
    return lambda a: sum(1 for i in members if a[i])


def composition_constraint(comp: dict[str, Any], members: list[int]) -> Constraint:
    """What a composition reply says about the seated members, read as an attacker would."""
    count = lived(list(members))
    if "lived_experience" in comp:
        return lambda a, v=comp["lived_experience"]: count(a) == v
    if "share" in comp:
        return lambda a, v=round(comp["share"] * len(members)): count(a) == v
    quota = Decimal(str(QUOTA))
    return lambda a, v=comp["compliant"]: (Decimal(count(a)) >= quota * len(members)) == v


LE_REASON = re.compile(r"(\d+) of \d+ members? present (?:has|have) lived experience")


def quorum_constraints(quorum: dict[str, Any], present: list[int]) -> list[Constraint]:
    """What a quorum reply says about those present (counts, reasons' numbers, verdicts)."""
    count, n = lived(list(present)), len(present)
    found: list[Constraint] = []
    if "lived_experience_present" in quorum:
        found.append(lambda a, v=quorum["lived_experience_present"]: count(a) == v)
    for reason in quorum.get("reasons", []):
        if match := LE_REASON.search(reason):
            found.append(lambda a, v=int(match.group(1)): count(a) == v)
    if quorum.get("lived_experience_met") is not None:
        found.append(lambda a, v=quorum["lived_experience_met"]: (2 * count(a) > n) == v)
    if n >= quorum["required"] and n:
        # Headcount reached: `met` is the lived-experience verdict in disguise.
        found.append(lambda a, v=quorum["met"]: (2 * count(a) > n) == v)
    return found


def verdict_bound(verdicts: list[bool | None]) -> int:
    """How many people one-bit-per-change verdicts can name: at most one per verdict seen
    change or hold when it could have changed (every verdict read after a change)."""
    return sum(1 for v in verdicts if v is not None)


def no_counts(document: Any) -> None:
    """No lived-experience count or share anywhere in a document a non-admin reads."""
    if isinstance(document, dict):
        for key in ("lived_experience_present", "share", "quota"):
            assert key not in document, (key, document)
        if "compliant" in document:
            assert "lived_experience" not in document, document
        for value in document.values():
            no_counts(value)
    elif isinstance(document, list):
        for item in document:
            no_counts(item)
    elif isinstance(document, str):
        assert not LE_REASON.search(document), document


async def world(api: Api, *, seat: bool = True) -> None:
    """acme: admin `ada`, a member `watcher` without a seat, nine members to seat on a board
    of nine with the 0.51 quota and a lived-experience quorum."""
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    await api.add_member("acme", "watcher", by="ada")
    created = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 9,
              "lived_experience_quota": QUOTA, "lived_experience_quorum": True},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    for name, has in zip(NAMES, TRUTH, strict=True):
        await api.add_member("acme", name, by="ada", lived_experience=has)
    if seat:
        for index in range(9):
            await seat_one(api, index)


async def seat_one(api: Api, index: int) -> dict[str, Any]:
    name = NAMES[index]
    role = name if name in ("chair", "secretary") else "director"
    seated = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": api.people[name].member_id, "role": role, "starts_on": "2026-01-01"},
    )
    assert seated.status_code == 201, seated.text
    return dict(seated.json())


def figure(attack: str, named: set[int], bound: int) -> str:
    line = f"{attack}: named {len(named)} of 9 (verdict bound {bound})"
    print(line)
    return line


async def test_a_member_reads_composition_around_each_seating(api: Api) -> None:
    await world(api, seat=False)
    constraints: list[Constraint] = []
    verdicts: list[bool | None] = []
    read: list[Any] = [(await api.get("/orgs/acme/bodies/board", "watcher")).json()]
    for index in range(9):
        await seat_one(api, index)
        comp = (await api.get("/orgs/acme/bodies/board", "watcher")).json()["composition"]
        read += [comp, (await api.get("/orgs/acme/bodies", "watcher")).json()]
        constraints.append(composition_constraint(comp, list(range(index + 1))))
        verdicts.append(comp["compliant"])
    named = solve(constraints)
    bound = verdict_bound(verdicts)
    figure("composition differential", named, bound)
    no_counts(read)
    assert set(comp) == {"seats", "filled", "reserved", "compliant"}
    # What is left is the verdict's one bit per seating, and while an empty body fills it
    # is decided by the member just seated: 1 of 1, 1 of 2, 2 of 3 and 3 of 4 are compliant
    # or not by that one seat (docs/SECURITY.md). From the fifth seat on, nobody is named.
    assert named <= {0, 1, 2, 3} and len(named) <= bound
    # The pages say the same: a verdict for the member, the counts for the admin.
    for path in ("/orgs/acme/bodies/board", "/orgs/acme/bodies"):
        page = await api.client.get(path, headers=api.people["watcher"].headers)
        assert page.status_code == 200, page.text
        assert "meets its lived-experience quota" in page.text.lower()
        assert "filled seats (" not in page.text and "Filled by a member with" not in page.text
    page = await api.client.get("/orgs/acme/bodies/board", headers=api.people["ada"].headers)
    assert "6 of the 9 filled seats (67%)" in page.text
    # The admin still sees the counts.
    full = (await api.get("/orgs/acme/bodies/board", "ada")).json()["composition"]
    assert (full["lived_experience"], full["filled"], full["compliant"]) == (6, 9, True)
    assert full["share"] == round(6 / 9, 4) and full["quota"] == QUOTA


async def arrivals(api: Api, reader: str) -> tuple[set[int], list[bool | None]]:
    """The secretary marks the board present one at a time; `reader` reads the quorum after
    each arrival (the secretary from the attendance reply itself)."""
    created = await api.post(
        "/orgs/acme/bodies/board/meetings",
        "secretary",
        json={"title": "Board meeting", "scheduled_for": "2026-12-01T18:00:00Z"},
    )
    assert created.status_code == 201, created.text
    meeting = created.json()["id"]
    constraints: list[Constraint] = []
    verdicts: list[bool | None] = []
    read: list[dict[str, Any]] = []
    for index in range(9):
        reply = await api.post(
            f"/orgs/acme/meetings/{meeting}/attendance",
            "secretary",
            json={"member_id": api.people[NAMES[index]].member_id, "status": "present"},
        )
        assert reply.status_code == 200, reply.text
        if reader == "secretary":
            quorum = reply.json()["quorum"]
        else:
            quorum = (await api.get(f"/orgs/acme/meetings/{meeting}", reader)).json()["quorum"]
        read.append(quorum)
        constraints.extend(quorum_constraints(quorum, list(range(index + 1))))
        verdicts.append(quorum.get("lived_experience_met"))
    named = solve(constraints)
    figure(f"quorum after each arrival ({reader})", named, verdict_bound(verdicts))
    no_counts(read)
    for quorum in read:
        assert set(quorum) == {"required", "present", "met", "lived_experience_met", "reasons"}
    page = await api.client.get(
        f"/orgs/acme/meetings/{meeting}", headers=api.people[reader].headers
    )
    assert page.status_code == 200, page.text
    assert "Members with lived experience are more than half of those present." in page.text
    assert "have lived experience" not in page.text and "administrators see" not in page.text
    admin = (await api.get(f"/orgs/acme/meetings/{meeting}", "ada")).json()["quorum"]
    assert admin["lived_experience_present"] == 6 and admin["lived_experience_met"] is True
    return named, verdicts


async def test_b_member_reads_quorum_after_each_arrival(api: Api) -> None:
    await world(api)
    named, verdicts = await arrivals(api, "watcher")
    # Nothing is said about lived experience until five are present; from then on, one
    # verdict per arrival, and the arrivals' order here never lets it single anyone out.
    assert len(named) <= verdict_bound(verdicts) and not named


async def test_c_secretary_marks_present_one_at_a_time(api: Api) -> None:
    await world(api)
    named, verdicts = await arrivals(api, "secretary")
    # Nothing is said about lived experience until five are present; from then on, one
    # verdict per arrival, and the arrivals' order here never lets it single anyone out.
    assert len(named) <= verdict_bound(verdicts) and not named


#: Five meetings' attendance (indexes into NAMES) whose published counts alone named all nine.
MEETINGS = ((4, 6, 7, 8), (0, 1, 2, 3, 4, 6, 8), (0, 1, 2, 3, 6, 7, 8), (0, 2, 3, 5, 6, 8),
            (0, 3, 4, 6, 7))  # fmt: skip


async def hold(api: Api, present: Sequence[int], approve: str | None) -> str:
    """A meeting with `present`, approving the minutes of `approve` (all present vote yes)."""
    created = await api.post(
        "/orgs/acme/bodies/board/meetings",
        "secretary",
        json={"title": "Board meeting", "scheduled_for": "2026-12-01T18:00:00Z"},
    )
    meeting = created.json()["id"]
    for index in present:
        response = await api.post(
            f"/orgs/acme/meetings/{meeting}/attendance",
            "secretary",
            json={"member_id": api.people[NAMES[index]].member_id, "status": "present"},
        )
        assert response.status_code == 200, response.text
    assert (await api.post(f"/orgs/acme/meetings/{meeting}/open", "secretary")).status_code == 200
    if approve is not None:
        moved = await api.post(
            f"/orgs/acme/meetings/{meeting}/motions",
            "chair",
            json={"title": "Approve the minutes", "text": "That the minutes are approved.",
                  "kind": "approve_minutes", "minutes_of": approve},
        )  # fmt: skip
        assert moved.status_code == 201, moved.text
        motion = moved.json()["id"]
        seconder = NAMES[next(i for i in present if i != 0)]
        assert (await api.post(f"/orgs/acme/motions/{motion}/second", seconder)).status_code == 200
        opened = await api.post(f"/orgs/acme/motions/{motion}/open-vote", "chair")
        assert opened.status_code == 200, opened.text
        for index in present:
            voted = await api.post(
                f"/orgs/acme/motions/{motion}/votes", NAMES[index], json={"choice": "yes"}
            )
            assert voted.status_code == 201, voted.text
        closed = await api.post(f"/orgs/acme/motions/{motion}/close-vote", "chair")
        assert closed.json()["status"] == "carried", closed.text
    saved = await api.put(
        f"/orgs/acme/meetings/{meeting}/minutes", "secretary", json={"notes": "Met."}
    )
    assert saved.status_code == 200, saved.text
    assert (
        await api.post(f"/orgs/acme/meetings/{meeting}/adjourn", "secretary")
    ).status_code == 200
    return str(meeting)


async def test_d_visitor_solves_published_minutes(api: Api) -> None:
    await world(api)
    assert (await api.patch("/orgs/acme", "ada", json={"public": True})).status_code == 200
    held: list[str] = []
    for present in MEETINGS:
        held.append(await hold(api, present, held[-1] if held else None))
    await hold(api, range(9), held[-1])
    record_constraints: list[Constraint] = []
    pdf_constraints: list[Constraint] = []
    verdicts: list[bool | None] = []
    read: list[Any] = []
    texts: list[str] = []
    for meeting, present in zip(held, MEETINGS, strict=True):
        published = await api.post(f"/orgs/acme/meetings/{meeting}/minutes/publish", "secretary")
        assert published.status_code == 200, published.text
        shown = (await api.get(f"/orgs/acme/meetings/{meeting}/minutes")).json()
        quorum = shown["record"]["quorum"]
        read.append(shown)
        names = {NAMES.index(p["display_name"].lower()) for p in shown["record"]["attendance"]
                 if p["status"] in ("present", "remote")}  # fmt: skip
        assert names == set(present)
        record_constraints.extend(quorum_constraints(quorum, sorted(names)))
        verdicts.append(quorum.get("lived_experience_met"))
        pdf = await api.get(f"/orgs/acme/meetings/{meeting}/minutes.pdf")
        assert pdf.status_code == 200
        assert pdf_record(pdf.content)["quorum"] == quorum
        text = pdf_text(pdf.content)
        texts.append(text)
        if match := re.search(r"(\d+) present with lived experience", text):
            pdf_constraints.append(
                lambda a, v=int(match.group(1)), s=sorted(names): lived(s)(a) == v
            )
    named = solve(record_constraints)
    figure("published minutes records", named, verdict_bound(verdicts))
    from_pdf = solve(pdf_constraints)
    figure("published minutes PDFs", from_pdf, 0)
    no_counts(read)
    assert not named and not from_pdf
    for text, verdict in zip(texts, verdicts, strict=True):
        assert "present with lived experience" not in text
        if verdict is not None:
            said = "was met." if verdict else "was not met."
            assert f"Lived-experience quorum {said}" in text, text
    assert verdicts[0] is None  # four present: too few to say anything about lived experience


async def test_refused_seating_gives_no_count_to_a_non_admin(api: Api) -> None:
    await world(api, seat=False)
    for index in (1, 4, 7):  # the three without lived experience
        await seat_one(api, index)
    await api.add_member("acme", "late", by="ada")  # no lived experience
    body = {"member_id": api.people["late"].member_id, "role": "director",
            "starts_on": "2026-01-01"}  # fmt: skip
    for who in ("watcher", "secretary", "chair", None):
        refused = await api.post("/orgs/acme/bodies/board/seats", who, json=body)
        assert refused.status_code in (401, 403), refused.text
        assert not re.search(r"\d", refused.json()["detail"]), refused.text
    # One more non-lived-experience seat is allowed (4 of 9 are open to anyone) ...
    await api.add_member("acme", "last", by="ada")
    ok = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={**body, "member_id": api.people["last"].member_id},
    )
    assert ok.status_code == 201, ok.text
    # ... the next is refused, and the admin is told why, with the numbers.
    refused = await api.post("/orgs/acme/bodies/board/seats", "ada", json=body)
    assert refused.status_code == 409 and "5 of 9 seats are reserved" in refused.json()["detail"]
    # The holder ending their own seat is answered with a verdict, not a count.
    seated = (await api.get("/orgs/acme/bodies/board", "watcher")).json()["seated"]
    [seat] = [s for s in seated if s["member_id"] == api.people["secretary"].member_id]
    ended = await api.post(
        f"/orgs/acme/seats/{seat['id']}/end",
        "secretary",
        json={"ends_on": "2026-06-01", "reason": "Moving away."},
    )
    assert ended.status_code == 200, ended.text
    no_counts(ended.json())
