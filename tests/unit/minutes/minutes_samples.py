"""Sample minutes records for the PDF tests (and for timing a long document).

A module of its own, not a conftest, so a fresh interpreter can import it to render the
same input in another process.
"""

from __future__ import annotations

import sys
from typing import Any

from governance.minutes.markdown import render_notes

AUDIT_HASH = "9f2c4e8a1b3d5f7091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7a8b"
PUBLISHED_AT = "2026-04-14T18:05:00+00:00"
APPROVAL = {
    "motion_number": "2026-014",
    "meeting_title": "Board meeting, April 2026",
    "approved_on": "2026-04-14",
}

# Seated but absent or excused: never voted, so they must never appear next to a choice.
ABSENT = "Priya Absent-Member"
EXCUSED = "Tomasz Excused-Member"
ROLL_CALL_VOTERS = {
    "Alex Chair": "yes",
    "Sam Secretary": "yes",
    "Jordan Director": "no",
    "Riley Treasurer": "abstain",
}
REMOTE = "Morgan Remote"


def motion(number: str, title: str, **overrides: Any) -> dict[str, Any]:
    """A decided roll-call motion, with fields overridden as given."""
    base: dict[str, Any] = {
        "id": f"m-{number}",
        "number": number,
        "title": title,
        "text": f"That the board resolves {title.lower()}.",
        "kind": "main",
        "mover": "Alex Chair",
        "seconder": "Sam Secretary",
        "recusals": [],
        "method": "roll_call",
        "threshold": "majority",
        "status": "carried",
        "tally": {"yes": 2, "no": 1, "abstain": 1, "eligible": 5, "voted": 4},
        "votes": [],
        "text_versions": [],
    }
    base.update(overrides)
    return base


def sample_record() -> dict[str, Any]:
    """One meeting with a roll call, a secret ballot, a show of hands and a withdrawal."""
    return {
        "organisation": {"slug": "riverside", "name": "Riverside Peer Network"},
        "body": {"slug": "board", "name": "Board of Directors"},
        "meeting": {
            "id": "mtg-0042",
            "title": "Board meeting, March 2026",
            "scheduled_for": "2026-03-10T18:30:00+00:00",
            "location": "Community room, 12 Mill Lane",
            "opened_at": "2026-03-10T18:34:00+00:00",
            "adjourned_at": "2026-03-10T20:02:00+00:00",
            "agenda": ["Welcome and check-in", "Budget <2026>", "Peer support hours"],
        },
        "attendance": [
            {"member_id": "u1", "display_name": "Alex Chair", "status": "present"},
            {"member_id": "u2", "display_name": "Sam Secretary", "status": "present"},
            {"member_id": "u3", "display_name": "Jordan Director", "status": "present"},
            {"member_id": "u4", "display_name": "Riley Treasurer", "status": "present"},
            {"member_id": "u5", "display_name": REMOTE, "status": "remote"},
            {"member_id": "u6", "display_name": ABSENT, "status": "absent"},
            {"member_id": "u7", "display_name": EXCUSED, "status": "excused"},
        ],
        "quorum": {
            "required": 4,
            "present": 5,
            "met": True,
            "lived_experience_met": True,
            "reasons": [],
        },
        "motions": [
            motion(
                "2026-010",
                "Adopt the <b>2026</b> budget & reserves policy",
                recusals=[REMOTE],
                votes=[
                    {"display_name": name, "choice": choice}
                    for name, choice in ROLL_CALL_VOTERS.items()
                ],
                text_versions=[
                    "That the board adopts the draft budget.",
                    "That the board resolves adopt the <b>2026</b> budget & reserves policy.",
                ],
            ),
            motion(
                "2026-011",
                "Appoint the peer support coordinator",
                kind="appointment",
                method="secret",
                threshold="two_thirds",
                status="failed",
                tally={"yes": 3, "no": 2, "abstain": 0, "eligible": 5, "voted": 5},
            ),
            motion(
                "2026-012",
                "Extend drop-in hours",
                method="show_of_hands",
                status="carried",
                threshold="majority_of_seats",
                tally={"yes": 5, "no": 0, "abstain": 0, "eligible": 5, "voted": 5},
            ),
            motion(
                "2026-013",
                "Rename the newsletter",
                status="withdrawn",
                seconder=None,
                tally=None,
            ),
        ],
    }


SAMPLE_NOTES = render_notes(
    "## Check-in\n\nEveryone shared *one* thing from the month.\n\n"
    "- Budget discussed at length\n- See [the policy](https://riverside.example/policy)\n\n"
    "<script>alert('x')</script> ![tracker](https://evil.example/pixel.png)\n"
)


def long_record(motions: int = 30) -> dict[str, Any]:
    """A record long enough for a roughly ten-page PDF (for timing)."""
    record = sample_record()
    record["attendance"] += [
        {"member_id": f"x{i}", "display_name": f"Guest Member {i:02d}", "status": "present"}
        for i in range(20)
    ]
    record["motions"] = [
        motion(
            f"2026-{100 + i:03d}",
            f"Item {i}: policy review of section {i}",
            text=" ".join(["The board adopts the revised wording of this policy section."] * 6),
            votes=[
                {"display_name": f"Guest Member {j:02d}", "choice": ("yes", "no")[j % 2]}
                for j in range(12)
            ],
        )
        for i in range(motions)
    ]
    return record


def render_sample(page_size: str = "A4") -> bytes:
    """Render the sample minutes in this process."""
    from governance.minutes.pdf import render_minutes_pdf

    return render_minutes_pdf(
        record=sample_record(),
        notes_html=SAMPLE_NOTES,
        approval=APPROVAL,
        audit_head_hash=AUDIT_HASH,
        page_size=page_size,
        version=2,
        published_at=PUBLISHED_AT,
    )


def slow_render(*, seconds: float, **_: Any) -> bytes:
    """A stand-in render that takes `seconds` (for the renderer's time limit)."""
    import time

    time.sleep(seconds)
    return b"%PDF-stand-in"


def crashing_render(**_: Any) -> bytes:
    """A stand-in render whose process dies, as a segfault in Pango would."""
    import os

    os._exit(3)


if __name__ == "__main__":
    sys.stdout.buffer.write(render_sample(sys.argv[1] if len(sys.argv) > 1 else "A4"))
