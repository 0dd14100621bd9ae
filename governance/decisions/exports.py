"""The decision log as CSV (streamed) and as an Atom feed."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from governance.clock import utcnow
from governance.decisions import rules
from governance.decisions.service import LogQuery, every_decision
from governance.motions.rules.business import NO_QUORUM, NO_QUORUM_WORDS

CSV_HEADER = [
    "number",
    "title",
    "text",
    "body",
    "body_name",
    "outcome",
    "decided_at",
    "kind",
    "method",
    "yes",
    "no",
    "abstain",
    "eligible",
    "voted",
    "meeting_id",
    "id",
]
BOM = "\ufeff"
# The feed's extension element carrying the audit log's signed checkpoint (RFC 4287 6.4:
# foreign markup that Atom readers ignore and verifiers read).
CHECKPOINT_NS = "https://c2sp.org/tlog-checkpoint"
CHECKPOINT_TAG = f"{{{CHECKPOINT_NS}}}checkpoint"


def csv_row(decision: dict[str, Any]) -> list[str]:
    """One decision as CSV cells, each safe to open in a spreadsheet."""
    tally = decision.get("tally") or {}
    values = [
        decision["number"],
        decision["title"],
        decision["text"],
        decision["body"]["slug"],
        decision["body"]["name"],
        decision["outcome"],
        decision["decided_at"],
        decision["kind"],
        decision["method"],
        *(tally.get(k) for k in ("yes", "no", "abstain", "eligible", "voted")),
        decision["meeting_id"],
        decision["id"],
    ]
    return [rules.csv_cell(v) for v in values]


def _lines(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


async def csv_chunks(query: LogQuery, *, batch: int = 100) -> AsyncIterator[bytes]:
    """UTF-8 with a byte-order mark (so spreadsheets pick the encoding), header first."""
    yield (BOM + _lines([CSV_HEADER])).encode()
    pending: list[list[str]] = []
    async for decision in every_decision(query):
        pending.append(csv_row(decision))
        if len(pending) >= batch:
            yield _lines(pending).encode()
            pending = []
    if pending:
        yield _lines(pending).encode()


def atom_feed(
    *,
    org: dict[str, Any],
    decisions: list[dict[str, Any]],
    base_url: str,
    checkpoint: str | None = None,
) -> bytes:
    """An Atom feed of `decisions` (newest first); entries link to each decision's page.

    `checkpoint`, the audit log's signed checkpoint when the feed was made, is carried in a
    `<checkpoint xmlns="https://c2sp.org/tlog-checkpoint">` element of the feed.
    """
    slug = org["slug"]
    log_url = f"{base_url}/orgs/{slug}/decisions"
    feed = FeedGenerator()
    feed.id(log_url)
    feed.title(f"{org['name']}: decisions")
    feed.author({"name": org["name"]})
    feed.link(href=log_url, rel="alternate")
    feed.link(href=f"{base_url}/api/v1/orgs/{slug}/decisions.atom", rel="self")
    feed.language("en")
    newest: datetime = utcnow()
    if decisions:
        newest = datetime.fromisoformat(decisions[0]["decided_at"])
    feed.updated(newest)
    for decision in reversed(decisions):  # feedgen prepends each entry
        url = f"{log_url}/{decision['id']}"
        entry = feed.add_entry()
        entry.id(url)
        entry.title(f"Motion {decision['number']}: {decision['title']} ({decision['outcome']})")
        entry.link(href=url, rel="alternate")
        entry.updated(datetime.fromisoformat(decision["decided_at"]))
        entry.summary(_summary(decision))
    xml: bytes = feed.atom_str(pretty=True)
    if checkpoint is None:
        return xml
    root = etree.fromstring(xml)
    etree.SubElement(root, CHECKPOINT_TAG, nsmap={"tlog": CHECKPOINT_NS}).text = checkpoint
    etree.indent(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _summary(decision: dict[str, Any]) -> str:
    tally = decision.get("tally")
    outcome = decision["outcome"].capitalize()
    counts = ""
    if tally and decision["outcome"] != "withdrawn":
        counts = f" Yes {tally['yes']}, no {tally['no']}, abstain {tally['abstain']}."
    if tally and decision["outcome"] == "failed" and tally.get("reason") == NO_QUORUM:
        return f"{NO_QUORUM_WORDS} ({decision['body']['name']}).{counts} {decision['text']}"
    return f"{outcome} by the {decision['body']['name']}.{counts} {decision['text']}"
