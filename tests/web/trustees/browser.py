"""Python playing a trustee's browser in the key ceremony (docs/VERIFY.md 6.1), over HTTP.

Used by the ceremony tests and by the security tests' cases: it makes the ceremony key, the
dealing with its encrypted shares, and unmasks and checks the shares it is sent, with
`governance.verifiable` (the browser's JavaScript is to do the same, byte for byte).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.verifiable.channel import (
    CeremonyKey,
    EncryptedShare,
    encrypt_share,
    make_ceremony_key,
    receive_share,
)
from governance.verifiable.group import Point, base_mul, scalar_hex
from governance.verifiable.threshold import Commitment, Polynomial, deal, key_share, share_for
from tests.helpers import Api


@dataclass
class Browser:
    """What one trustee's browser holds: its ceremony key, its polynomial, its shares."""

    name: str
    index: int = 0
    key: CeremonyKey | None = None
    polynomial: Polynomial | None = None
    received: dict[int, int] = field(default_factory=dict)

    @property
    def x(self) -> int:
        """The trustee's key share x_j = sum_i s_ij (its own s_jj included)."""
        return key_share(self.received)


def key_payload(state: dict[str, Any], browser: Browser) -> dict[str, Any]:
    """A fresh ceremony key for `browser`'s place, as POST .../me/key takes it."""
    browser.key, proof = make_ceremony_key(state["context"], browser.index)
    return {"public_key": browser.key.public.hex(), "proof": proof.to_json()}


def browsers_for(api: Api, state: dict[str, Any]) -> dict[str, Browser]:
    """One browser per trustee of the ceremony `state`, by the person's name in `api`."""
    out = {}
    for t in state["trustees"]:
        name = next(n for n in api.people if api.people[n].member_id == t["member_id"])
        out[name] = Browser(name, t["index"])
    return out


async def submit_keys(api: Api, base: str, state: dict[str, Any]) -> dict[str, Browser]:
    """Every trustee submits a fresh ceremony key."""
    browsers = browsers_for(api, state)
    for name, browser in browsers.items():
        sent = await api.post(f"{base}/me/key", name, json=key_payload(state, browser))
        assert sent.status_code == 200, sent.text
    return browsers


def dealing_payload(state: dict[str, Any], browser: Browser) -> dict[str, Any]:
    """What trustee `browser` posts: commitments, proof, one encrypted share per other.

    `state` is the ceremony as read once every ceremony key is in.
    """
    context, t, n = state["context"], state["threshold"], state["trustee_count"]
    browser.polynomial, commitment = deal(browser.index, t, n, context)
    browser.received[browser.index] = share_for(browser.polynomial, browser.index)
    shares = []
    for other in state["trustees"]:
        j = other["index"]
        if j == browser.index:
            continue
        encrypted = encrypt_share(
            share_for(browser.polynomial, j),
            context,
            browser.index,
            j,
            Point.from_hex(other["public_key"]),
        )
        shares.append(
            {
                "to": j,
                "ephemeral": encrypted.ephemeral.hex(),
                "masked": scalar_hex(encrypted.masked),
            }
        )
    return {
        "commitments": [c.hex() for c in commitment.coefficients],
        "proof": commitment.proof.to_json(),
        "shares": shares,
    }


async def receive(api: Api, base: str, state: dict[str, Any], browser: Browser) -> list[int]:
    """Unmask and check every share sent to `browser`; the dealers whose shares fail.

    `state` is the ceremony as read once every dealing is in (it has the commitments).
    """
    assert browser.key is not None
    got = await api.get(f"{base}/me/shares", browser.name)
    assert got.status_code == 200, got.text
    commitments = {t["index"]: Commitment.from_json(t["commitment"]) for t in state["trustees"]}
    failed = []
    for item in got.json()["shares"]:
        encrypted = EncryptedShare.from_json(item)
        assert encrypted.recipient == browser.index
        share = receive_share(
            encrypted, state["context"], browser.key, commitments[encrypted.dealer]
        )
        if share is None:
            failed.append(encrypted.dealer)
        else:
            browser.received[encrypted.dealer] = share
    return failed


SHARE_FILE_FORMAT = "governance-key-share/1"


def share_file(org: str, body: str, state: dict[str, Any], browser: Browser) -> dict[str, Any]:
    """The key-share file trustee `browser` saves when the ceremony `state` is complete
    (docs/VERIFY.md 6.2), as the browser's `shareFile` writes it."""

    return {
        "format": SHARE_FILE_FORMAT,
        "org": org,
        "body": body,
        "ceremony": state["ceremony"],
        "context": state["context"],
        "trustee": browser.index,
        "threshold": state["threshold"],
        "trustee_count": state["trustee_count"],
        "election_key": state["joint_public_key"],
        "verification_key": base_mul(browser.x).hex(),
        "key_share": scalar_hex(browser.x),
    }
