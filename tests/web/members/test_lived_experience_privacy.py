"""Lived experience is seen by the member themself and org admins only.

Every endpoint that returns a member or a body is read by each kind of reader; anywhere a
per-member `lived_experience` value (a boolean) appears for someone else, or an audit entry
names whose attestation changed, the test fails. Counts are tested in
tests/security/test_count_differentials.py.
"""

from __future__ import annotations

from typing import Any

from tests.helpers import Api

READERS = ["bo", "cy", "ada", "outsider", None]


def bool_attestations(value: Any) -> list[tuple[str | None, bool]]:
    """(member id, value) for every per-member attestation anywhere in a JSON document."""
    found: list[tuple[str | None, bool]] = []
    if isinstance(value, dict):
        if isinstance(value.get("lived_experience"), bool):
            found.append((value.get("id") or value.get("member_id"), value["lived_experience"]))
        for item in value.values():
            found.extend(bool_attestations(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(bool_attestations(item))
    return found


async def world(api: Api) -> dict[str, str]:
    await api.platform_admin()
    await api.org("acme")
    await api.org("other")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    await api.add_member("acme", "bo", by="ada", lived_experience=True)
    await api.add_member("acme", "cy", by="ada")
    await api.add_member("other", "outsider", by="root")
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    seat = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": api.people["bo"].member_id, "role": "chair", "starts_on": "2026-01-01"},
    )
    assert seat.status_code == 201
    # cy attests and then withdraws: two more "changed" entries in the log.
    for value in (True, False):
        response = await api.put(
            "/orgs/acme/members/me/lived-experience", "cy", json={"lived_experience": value}
        )
        assert response.status_code == 200
    return {"seat": seat.json()["id"]}


def allowed(reader: str | None, api: Api) -> set[str]:
    """Whose attestation `reader` may see."""
    if reader == "ada":
        return {p.member_id for n, p in api.people.items() if n in ("ada", "bo", "cy")}  # type: ignore[misc]
    if reader in ("bo", "cy"):
        return {api.people[reader].member_id}  # type: ignore[arg-type]
    return set()


async def read_everything(api: Api, reader: str | None) -> dict[str, Any]:
    """Every read of the foundation that returns a member, a body, or the log."""
    ids = {n: api.people[n].member_id for n in ("ada", "bo", "cy")}
    paths = [
        "/orgs/acme",
        "/orgs/acme/members",
        "/orgs/acme/members/me",
        *(f"/orgs/acme/members/{i}" for i in ids.values()),
        "/orgs/acme/bodies",
        "/orgs/acme/bodies/board",
        "/orgs/acme/audit",
        "/orgs/acme/audit?after=2&limit=3",
        "/orgs/acme/audit/verify",
        "/orgs/acme/members/no-such-member",
        "/me",
    ]
    return {path: await api.get(path, reader) for path in paths}


async def test_no_reader_sees_anyone_elses_attestation_anywhere(api: Api) -> None:
    await world(api)
    bo, cy = api.people["bo"].member_id, api.people["cy"].member_id
    for public in (False, True):
        await api.patch("/orgs/acme", "ada", json={"public": public})
        for reader in READERS:
            may_see = allowed(reader, api)
            for path, response in (await read_everything(api, reader)).items():
                document = response.json()
                for member_id, _ in bool_attestations(document):
                    assert member_id in may_see, (reader, path, member_id, document)
                text = response.text
                if reader not in ("ada", "bo"):
                    # The detail of an error never names it either.
                    assert "lived experience" not in text.lower() or "composition" in text
    # What the member and the admins see is right.
    own = await api.get(f"/orgs/acme/members/{bo}", "bo")
    assert own.json()["lived_experience"] is True
    assert (await api.get("/orgs/acme/members/me", "cy")).json()["lived_experience"] is False
    listed = (await api.get("/orgs/acme/members", "ada")).json()["members"]
    assert {m["id"]: m["lived_experience"] for m in listed if m["id"] in (bo, cy)} == {
        bo: True,
        cy: False,
    }
    # Other members see names and roles, and a verdict on the body; admins the counts.
    seen = await api.get(f"/orgs/acme/members/{bo}", "cy")
    assert seen.status_code == 200
    assert set(seen.json()) == {"id", "display_name", "roles", "joined_at"}
    body = (await api.get("/orgs/acme/bodies/board", "cy")).json()
    assert body["composition"] == {"seats": 3, "filled": 1, "reserved": 2, "compliant": True}
    body = (await api.get("/orgs/acme/bodies/board", "ada")).json()
    assert body["composition"]["lived_experience"] == 1


async def test_every_member_reply_to_a_write_keeps_the_secret(api: Api) -> None:
    ids = await world(api)
    bo, cy = api.people["bo"].member_id, api.people["cy"].member_id
    # A seat reply (to an admin) and an ended seat (to the holder) carry counts only.
    seated = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": cy, "role": "director", "starts_on": "2026-01-01"},
    )
    assert seated.status_code == 201
    assert bool_attestations(seated.json()) == []
    ended = await api.post(
        f"/orgs/acme/seats/{ids['seat']}/end",
        "bo",
        json={"ends_on": "2026-02-01", "reason": "Stepping down"},
    )
    assert ended.status_code == 200
    assert bool_attestations(ended.json()) == []
    # Changing roles replies to the admin (who may see it); the reply is about that member only.
    roles = await api.put(f"/orgs/acme/members/{bo}/roles", "ada", json={"roles": ["secretary"]})
    assert bool_attestations(roles.json()) == [(bo, True)]
    # Your own attestation reply shows only yours.
    mine = await api.put(
        "/orgs/acme/members/me/lived-experience", "bo", json={"lived_experience": True}
    )
    assert bool_attestations(mine.json()) == [(bo, True)]
    # A quota refusal explains the rule without saying anything about a named member.
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "tiny", "name": "Tiny", "kind": "board", "seats": 1},
    )
    refused = await api.post(
        "/orgs/acme/bodies/tiny/seats",
        "ada",
        json={"member_id": cy, "role": "chair", "starts_on": "2026-01-01"},
    )
    assert refused.status_code == 409
    assert "Cy" not in refused.json()["detail"] and cy not in refused.text


async def test_the_audit_log_records_that_an_attestation_changed_never_its_value(
    api: Api,
) -> None:
    await world(api)
    bo, cy = api.people["bo"].member_id, api.people["cy"].member_id
    account_ids = set()
    admin_entries = (await api.get("/orgs/acme/audit", "ada")).json()["entries"]
    changes = [e for e in admin_entries if e["action"] == "member.lived_experience_changed"]
    # The chain holds commitments; an org admin is served them opened.
    assert [e["opened"]["subject"] for e in changes] == [
        f"member:{bo}",
        f"member:{cy}",
        f"member:{cy}",
    ]
    assert all(e["data"] == {"lived_experience": "changed"} for e in changes)
    assert all(e["subject"].startswith("commit:") for e in changes)
    account_ids = {e["opened"]["actor"] for e in changes}
    for reader in ("bo", "cy"):
        entries = (await api.get("/orgs/acme/audit", reader)).json()["entries"]
        assert [e["seq"] for e in entries] == [e["seq"] for e in admin_entries]
        redacted = [e for e in entries if e["action"] == "member.lived_experience_changed"]
        assert len(redacted) == 3
        for entry, stored in zip(redacted, changes, strict=True):
            assert entry["redacted"] is True
            assert "opened" not in entry and "salts" not in entry
            assert {k: entry[k] for k in ("actor", "subject", "at", "hash")} == {
                k: stored[k] for k in ("actor", "subject", "at", "hash")
            }
            assert entry["data"] == {"lived_experience": "changed"}
            assert bo not in str(entry) and cy not in str(entry)
            assert not any(a in str(entry) for a in account_ids)
    # No entry's data holds an attestation value, for anyone.
    for entry in admin_entries:
        assert not isinstance(entry["data"].get("lived_experience"), bool)
    # Redaction hides the subject from readers, not from the chain: verify still passes.
    assert (await api.get("/orgs/acme/audit/verify", "cy")).json()["ok"] is True
