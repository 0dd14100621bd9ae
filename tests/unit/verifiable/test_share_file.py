"""The trustee's key-share file (docs/VERIFY.md 6.2): the browser code writes what the Python
test browser writes, reads it back, and refuses a damaged, foreign or incomplete file with a
sentence rather than decrypting with a wrong key."""

from __future__ import annotations

import json
from typing import Any

from governance.verifiable.group import L, base_mul, random_scalar, scalar_hex
from tests.unit.verifiable.node import bridge, require_node
from tests.web.trustees.browser import Browser, share_file

STATE = {
    "ceremony": "6f1c0000-0000-4000-8000-000000000001",
    "context": "acme/board/ceremony/6f1c0000-0000-4000-8000-000000000001",
    "threshold": 2,
    "trustee_count": 3,
    "joint_public_key": base_mul(12345).hex(),
}


def python_file(x: int) -> dict[str, Any]:
    browser = Browser("d2", index=2, received={1: x})
    return share_file("acme", "board", STATE, browser)


def js(x: int, texts: list[str]) -> dict[str, Any]:
    fields = {
        "org": "acme",
        "body": "board",
        "ceremony": STATE["ceremony"],
        "context": STATE["context"],
        "trustee": 2,
        "threshold": 2,
        "trusteeCount": 3,
        "electionKey": STATE["joint_public_key"],
    }
    return bridge("share_file", fields=fields, x=scalar_hex(x), texts=texts)


def test_the_browser_writes_the_same_file_and_reads_the_key_back() -> None:
    require_node()
    x = random_scalar()
    expected = python_file(x)
    answer = js(x, [json.dumps(expected)])
    assert answer["written"] == expected
    assert answer["read"] == [{"ok": True, "key_share": scalar_hex(x), "trustee": 2}]


def test_a_damaged_foreign_or_incomplete_file_is_refused_with_a_reason() -> None:
    require_node()
    x = random_scalar()
    good = python_file(x)
    other_key = dict(good, key_share=scalar_hex((x + 1) % L))  # one bit of the key changed
    texts = [
        json.dumps(other_key),
        json.dumps(dict(good, format="helios-trustee/1")),
        json.dumps({k: v for k, v in good.items() if k != "verification_key"}),
        json.dumps(dict(good, extra="x")),
        json.dumps(dict(good, trustee=4)),
        json.dumps(dict(good, threshold=0)),
        json.dumps(dict(good, key_share="ff" * 32)),  # not below L
        json.dumps(dict(good, election_key="00" * 31 + "01")),  # not a point
        good["key_share"],  # the bare key, not the file
        "{not json",
    ]
    read = js(x, texts)["read"]
    assert [r["ok"] for r in read] == [False] * len(texts)
    assert "does not match its verification key" in read[0]["message"]
    assert "not a key-share file from this service" in read[1]["message"]
    assert all(r["message"].startswith("This ") for r in read)
