"""The election pages over HTTP, on both engines: calling an election with field errors,
standing (the lived-experience choice refused without the member's attestation), the ranked
ballot's gaps and repeats refused with nothing cast, a cast showing its receipt, turnout as
counts only, and certifying seating those elected."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from governance.clock import utcnow
from governance.elections.tables import Candidate, Election, ElectionRoll
from governance.members.tables import Membership
from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, sign_in

ORG = "acme"


@pytest.fixture
async def org(api: Api) -> dict[str, Any]:
    """Acme with a 3-seat board (quota 0.51), an admin and three members who joined a
    month ago (so they are on an election's roll); ada and bo attest lived experience."""
    await api.platform_admin()
    await api.org(ORG)
    await api.add_member(ORG, "ada", by="root", roles=["admin"], lived_experience=True)
    await api.add_member(ORG, "bo", by="root", lived_experience=True)
    await api.add_member(ORG, "cy", by="root")
    await api.add_member(ORG, "di", by="root")
    created = await api.post(
        f"/orgs/{ORG}/bodies",
        "root",
        json={
            "slug": "board",
            "name": "Board",
            "kind": "board",
            "seats": 3,
            "lived_experience_quota": 0.51,
        },
    )
    assert created.status_code == 201, created.text
    await Membership.update({Membership.joined_at: utcnow() - timedelta(days=30)}).where(
        Membership.id.is_not_null()
    )
    return {name: api.people[name].member_id for name in ("ada", "bo", "cy", "di")}


def _local(delta: timedelta) -> str:
    """A datetime-local value (UTC) `delta` from now."""
    return (utcnow() + delta).strftime("%Y-%m-%dT%H:%M")


async def _post(client: Any, path: str, data: dict[str, Any]) -> Any:
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return await client.post(path, data={"_csrf": csrf_of(page.text), **data}, headers=HTML)


async def _call(client: Any, *, method: str = "stv", seats: str = "2") -> str:
    """The admin calls an election on the board through the form; its id."""
    await sign_in(client, f"ada@{ORG}.example", f"/orgs/{ORG}/bodies/board/elections/new")
    called = await _post(
        client,
        f"/orgs/{ORG}/bodies/board/elections/new",
        {
            "title": "Board election",
            "seats": seats,
            "method": method,
            "electorate": "members",
            "nominations_close": _local(timedelta(days=1)),
            "opens_at": _local(timedelta(days=2)),
            "closes_at": _local(timedelta(days=3)),
            "term_starts_on": (utcnow() + timedelta(days=4)).date().isoformat(),
            "term_ends_on": (utcnow() + timedelta(days=400)).date().isoformat(),
        },
    )
    assert called.status_code == 303, called.text
    found = re.fullmatch(rf"/orgs/{ORG}/elections/(\w+)\?done=called", called.headers["location"])
    assert found, called.headers["location"]
    return found.group(1)


async def _stand(client: Any, who: str, election_id: str, *, le: bool = False) -> Any:
    await sign_in(client, f"{who}@{ORG}.example", f"/orgs/{ORG}/elections/{election_id}")
    data = {"statement": f"{who.title()} would listen."}
    if le:
        data["lived_experience_candidate"] = "yes"
    return await _post(client, f"/orgs/{ORG}/elections/{election_id}/stand", data)


async def _move(election_id: str, phase: str) -> None:
    """Move the timetable so that the election is `open` or `closed` now; once closed, its
    term starts today (so the body's page shows whom certifying seats)."""
    now = utcnow()
    moved: dict[Any, Any] = {
        Election.nominations_close: now - timedelta(hours=2),
        Election.opens_at: now - timedelta(hours=1),
        Election.closes_at: now + timedelta(days=1),
    }
    if phase == "closed":
        moved[Election.closes_at] = now - timedelta(seconds=1)
        moved[Election.term_starts_on] = now.date()
    await Election.update(moved).where(Election.id == election_id)


async def _candidates(election_id: str) -> list[str]:
    rows = await Candidate.select(Candidate.id, Candidate.created_at).where(
        Candidate.election == election_id
    )
    return [r["id"] for r in sorted(rows, key=lambda r: (r["created_at"], r["id"]))]


async def test_the_call_form_shows_each_error_beside_its_field(client: Any, org: Any) -> None:
    await sign_in(client, f"ada@{ORG}.example", f"/orgs/{ORG}/bodies/board")
    body = await client.get(f"/orgs/{ORG}/bodies/board", headers=HTML)
    assert f'href="/orgs/{ORG}/bodies/board/elections"' in body.text
    form = await client.get(f"/orgs/{ORG}/bodies/board/elections/new", headers=HTML)
    assert 'type="datetime-local"' in form.text and "UTC" in form.text
    empty = await _post(client, f"/orgs/{ORG}/bodies/board/elections/new", {"method": ""})
    assert empty.status_code == 400
    for field in ("title", "seats", "nominations_close", "opens_at", "closes_at"):
        assert f'id="{field}-error"' in empty.text, field
        assert f'href="#{field}"' in empty.text, field
    past = await _post(
        client,
        f"/orgs/{ORG}/bodies/board/elections/new",
        {
            "title": "Too late",
            "seats": "1",
            "method": "stv",
            "nominations_close": _local(-timedelta(days=1)),
            "opens_at": _local(timedelta(days=1)),
            "closes_at": _local(timedelta(days=2)),
        },
    )
    assert past.status_code == 400
    assert 'id="nominations_close-error"' in past.text
    assert 'value="Too late"' in past.text  # what was typed is kept
    assert await Election.count() == 0


async def test_standing_as_lived_experience_needs_the_members_own_attestation(
    client: Any, org: Any
) -> None:
    election_id = await _call(client)
    page = await client.get(f"/orgs/{ORG}/elections/{election_id}", headers=HTML)
    assert "Board election" in page.text and "Taking nominations" in page.text
    listed = await client.get(f"/orgs/{ORG}/elections", headers=HTML)
    assert f'href="/orgs/{ORG}/elections/{election_id}"' in listed.text

    await sign_in(client, f"cy@{ORG}.example", f"/orgs/{ORG}")
    home = await client.get(f"/orgs/{ORG}", headers=HTML)
    assert "You can stand for election." in home.text
    assert f'href="/orgs/{ORG}/elections"' in home.text
    refused = await _stand(client, "cy", election_id, le=True)  # cy has not attested
    assert refused.status_code == 400, refused.text
    assert 'id="lived_experience_candidate-error"' in refused.text
    assert 'href="#lived_experience_candidate"' in refused.text
    assert await Candidate.count() == 0

    stood = await _stand(client, "bo", election_id, le=True)
    assert stood.status_code == 303, stood.text
    plain = await _stand(client, "cy", election_id)
    assert plain.status_code == 303, plain.text
    page = await client.get(f"/orgs/{ORG}/elections/{election_id}?done=standing", headers=HTML)
    assert "You are standing in this election." in page.text
    assert page.text.count("Standing as a lived-experience candidate") == 1
    assert "Cy would listen." in page.text and "Bo would listen." in page.text

    twice = await _stand(client, "cy", election_id)
    assert twice.status_code == 409
    assert await Candidate.count() == 2

    page = await client.get(f"/orgs/{ORG}/elections/{election_id}", headers=HTML)
    mine = re.search(r'name="candidate_id" value="(\w+)"', page.text)
    assert mine, "the candidate is offered a way to withdraw"
    gone = await client.post(
        f"/orgs/{ORG}/elections/{election_id}/withdraw",
        data={"_csrf": csrf_of(page.text), "candidate_id": mine.group(1)},
        headers=HTML,
    )
    assert gone.status_code == 303, gone.text
    page = await client.get(f"/orgs/{ORG}/elections/{election_id}?done=withdrawn", headers=HTML)
    assert "You have withdrawn from this election." in page.text
    assert "Cy would listen." not in page.text


async def test_the_ranked_ballot_refuses_gaps_and_repeats_and_casts_nothing(
    client: Any, org: Any
) -> None:
    election_id = await _call(client)
    for who in ("bo", "cy", "di"):
        assert (await _stand(client, who, election_id)).status_code == 303
    bo, cy, di = await _candidates(election_id)
    await _move(election_id, "open")
    path = f"/orgs/{ORG}/elections/{election_id}/ballot"
    await sign_in(client, f"ada@{ORG}.example", path)
    paper = await client.get(path, headers=HTML)
    assert paper.status_code == 200, paper.text
    assert "<legend>Number the candidates in order of preference</legend>" in paper.text
    # one select per candidate, in nomination order
    assert re.findall(r"<select id=\"rank-(\w+)\"", paper.text) == [bo, cy, di]
    receipt = re.search(r'name="receipt" value="([^"]+)"', paper.text)
    assert receipt

    gap = await _post(client, path, {f"rank-{bo}": "1", f"rank-{di}": "3"})
    assert gap.status_code == 400
    assert "You gave 1 and 3 but no 2." in gap.text
    assert f'href="#rank-{di}"' in gap.text
    repeat = await _post(client, path, {f"rank-{bo}": "1", f"rank-{cy}": "2", f"rank-{di}": "2"})
    assert repeat.status_code == 400
    assert "Two candidates have number 2." in repeat.text
    assert '<option value="2" selected>' in repeat.text  # kept as given
    assert await ElectionRoll.count() == 0

    form = await client.get(path, headers=HTML)
    data = {
        "_csrf": csrf_of(form.text),
        "receipt": re.search(r'name="receipt" value="([^"]+)"', form.text).group(1),  # type: ignore[union-attr]
        f"rank-{cy}": "1",
        f"rank-{bo}": "2",
    }
    cast = await client.post(path, data=data, headers=HTML)
    assert cast.status_code == 200, cast.text
    assert "Your ballot is counted" in cast.text
    assert data["receipt"] in cast.text
    assert cast.headers["cache-control"] == "no-store"
    again = await client.post(path, data=data, headers=HTML)
    assert "Your ballot was already counted" in again.text
    assert await ElectionRoll.count() == 1
    after = await client.get(f"/orgs/{ORG}/elections/{election_id}", headers=HTML)
    assert "You have voted." in after.text


async def test_an_approval_ballot_and_turnout_as_counts_only(client: Any, org: Any) -> None:
    election_id = await _call(client, method="approval", seats="1")
    for who in ("bo", "cy"):
        assert (await _stand(client, who, election_id)).status_code == 303
    bo, cy = await _candidates(election_id)
    await _move(election_id, "open")
    path = f"/orgs/{ORG}/elections/{election_id}/ballot"
    await sign_in(client, f"di@{ORG}.example", path)
    home = await client.get(f"/orgs/{ORG}", headers=HTML)
    assert "open for your vote until" in home.text
    paper = await client.get(path, headers=HTML)
    assert f'id="approve-{bo}" name="approve"' in paper.text
    cast = await _post(client, path, {"approve": [bo, cy]})
    assert cast.status_code == 200 and "Your ballot is counted" in cast.text
    home = await client.get(f"/orgs/{ORG}", headers=HTML)
    assert "open for your vote until" not in home.text  # voted: nothing waits for di

    turnout = f"/orgs/{ORG}/elections/{election_id}/turnout"
    refused = await client.get(turnout, headers=HTML)  # di is neither admin nor secretary
    assert refused.status_code == 403
    await sign_in(client, f"ada@{ORG}.example", turnout)
    counts = await client.get(turnout, headers=HTML)
    assert counts.status_code == 200, counts.text
    assert "<strong>1 of 4</strong>" in counts.text
    assert "Di" not in counts.text.split("<main", 1)[1]


async def test_certifying_seats_those_elected(client: Any, org: Any) -> None:
    election_id = await _call(client)  # 2 seats, both reserved (quota 0.51 of 2 filled)
    assert (await _stand(client, "ada", election_id, le=True)).status_code == 303
    assert (await _stand(client, "bo", election_id, le=True)).status_code == 303
    assert (await _stand(client, "cy", election_id)).status_code == 303
    ada, bo, cy = await _candidates(election_id)
    await _move(election_id, "open")
    ballots = {"ada": (bo, cy), "bo": (bo, ada), "cy": (cy, ada), "di": (ada,)}
    for who, ranks in ballots.items():
        await sign_in(client, f"{who}@{ORG}.example", f"/orgs/{ORG}/elections/{election_id}/ballot")
        data = {f"rank-{c}": str(i) for i, c in enumerate(ranks, start=1)}
        cast = await _post(client, f"/orgs/{ORG}/elections/{election_id}/ballot", data)
        assert cast.status_code == 200, cast.text
    await _move(election_id, "closed")

    await sign_in(client, f"ada@{ORG}.example", f"/orgs/{ORG}/elections/{election_id}")
    result = await client.get(f"/orgs/{ORG}/elections/{election_id}", headers=HTML)
    assert result.status_code == 200, result.text
    assert "Elected, in the order the count elected them" in result.text
    elected = result.text.split('<ol class="elected">', 1)[1].split("</ol>", 1)[0]
    assert elected.index("Bo") < elected.index("Ada") and "Cy" not in elected
    assert "The reservation was met" in result.text
    assert "4 ballots counted" in result.text
    assert 'class="count-report"' in result.text
    confirm = await client.get(f"/orgs/{ORG}/elections/{election_id}/certify", headers=HTML)
    assert confirm.status_code == 200, confirm.text
    to_seat = confirm.text.split('<ol class="elected">', 1)[1].split("</ol>", 1)[0]
    assert "Bo" in to_seat and "Ada" in to_seat and "Cy" not in to_seat
    assert "Term: from " in confirm.text and "seated as a director" in confirm.text
    done = await _post(client, f"/orgs/{ORG}/elections/{election_id}/certify", {})
    assert done.status_code == 303, done.text
    board = await client.get(f"/orgs/{ORG}/bodies/board", headers=HTML)
    seated = board.text.split('id="seated"', 1)[1].split("</table>", 1)[0]
    assert ">Ada</a>" in seated and ">Bo</a>" in seated and ">Cy</a>" not in seated
