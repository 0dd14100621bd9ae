"""Signed checkpoints, the verifier key and consistency proofs over HTTP."""

from __future__ import annotations

import base64

from governance.audit.checkpoint import verify_checkpoint
from governance.audit.merkle import entries_root, verify_consistency
from tests.helpers import Api
from tests.web.audit.test_audit_api import busy_org


async def _hashes(api: Api) -> list[str]:
    entries = (await api.get("/orgs/acme/audit?limit=1000", "bo")).json()["entries"]
    return [e["hash"] for e in entries]


async def test_the_checkpoint_is_signed_over_the_log_and_stable(api: Api) -> None:
    await busy_org(api)
    response = await api.get("/orgs/acme/audit/checkpoint", "bo")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    key = (await api.get("/orgs/acme/audit/key", "bo")).text
    assert key.startswith("governance/orgs/acme/audit+")
    checkpoint = verify_checkpoint(response.text, key)
    hashes = await _hashes(api)
    assert checkpoint.origin == "governance/orgs/acme/audit"
    assert (checkpoint.size, checkpoint.root) == (len(hashes), entries_root(hashes))
    # Ed25519 is deterministic: nothing changed, the same note (whatever the Host header).
    again = await api.get("/orgs/acme/audit/checkpoint", "bo", headers={"Host": "evil.example"})
    assert again.text == response.text


async def test_a_consistency_proof_joins_two_checkpoints(api: Api) -> None:
    await busy_org(api)
    key = (await api.get("/orgs/acme/audit/key", "bo")).text
    old = verify_checkpoint((await api.get("/orgs/acme/audit/checkpoint", "bo")).text, key)
    await api.add_member("acme", "cy", by="ada")
    new = verify_checkpoint((await api.get("/orgs/acme/audit/checkpoint", "bo")).text, key)
    assert new.size > old.size
    reply = await api.get(f"/orgs/acme/audit/consistency?from={old.size}&to={new.size}", "bo")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert base64.b64decode(body["old_root"]) == old.root
    assert base64.b64decode(body["new_root"]) == new.root
    proof = [base64.b64decode(p) for p in body["proof"]]
    verify_consistency(old.size, new.size, old.root, new.root, proof)


async def test_bad_ranges_are_400_problems(api: Api) -> None:
    await busy_org(api)
    size = len(await _hashes(api))
    for query in ("from=0&to=2", "from=3&to=2", f"from=1&to={size + 1}", "from=x&to=2", "to=2",
                  f"from=1&to={2**63}"):  # fmt: skip
        reply = await api.get(f"/orgs/acme/audit/consistency?{query}", "bo")
        assert reply.status_code == 400, (query, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json"), query


async def test_who_may_read_checkpoints(api: Api) -> None:
    await busy_org(api)
    await api.org("other")
    paths = ["/orgs/acme/audit/checkpoint", "/orgs/acme/audit/key"]
    consistency = "/orgs/acme/audit/consistency?from=1&to=1"
    for path in [*paths, consistency]:
        assert (await api.get(path, "bo")).status_code == 200, path
        assert (await api.get(path, None)).status_code == 401, path
    assert (await api.patch("/orgs/acme", "ada", json={"public": True})).status_code == 200
    for path in paths:
        assert (await api.get(path, None)).status_code == 200, path
    assert (await api.get(consistency, None)).status_code == 401
