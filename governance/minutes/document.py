"""The minutes record: a plain, JSON-serialisable picture of one meeting.

The minutes service builds this from the database; the PDF renderer prints it and attaches
the very same dict to the PDF as `minutes-record.json`, so a reader (or a script, years later)
can check the printed minutes against machine-readable data. It therefore holds only JSON
types (str, int, bool, None, list, dict): no datetimes, UUID objects or Decimals. Dates and
times are ISO 8601 strings.

Shape::

    {
      "organisation": {"slug", "name"},
      "body": {"slug", "name"},
      "meeting": {"id", "title", "scheduled_for", "location", "opened_at", "adjourned_at",
                  "agenda": [str]},
      "attendance": [{"member_id", "display_name", "status"}],
      "quorum": {"required", "present", "met", "lived_experience_met", "reasons": [str],
                 "events"?: [{"at", "met", "present", "required"}]},
      "motions": [{"id", "number", "title", "text", "kind", "mover", "seconder",
                   "recusals": [str], "method", "threshold", "status",
                   "tally": {"yes", "no", "abstain", "eligible", "voted"} | None,
                   "votes": [{"display_name", "choice"}], "text_versions": [str],
                   "effect"?: str | None}],
    }

`effect` (optional: records frozen before it existed lack it) is one sentence saying what a
carried appointment, rescind, postpone, refer or reconsider did ("Motion 2026-004 was
postponed to the meeting of 12 January 2027.").

`quorum.events` (optional) lists when quorum was reached or lost while the meeting sat.
The quorum is a verdict: `lived_experience_met` (None when the body has no lived-experience
quorum or too few were present to assess it) and never a count of members with lived
experience, which next to the attendance list would name them (`validate_record` refuses a
record that carries one, and `without_counts` strips it from records frozen before).
`votes` lists names only for roll-call votes; for secret ballots and shows of hands it must be
empty (`validate_record` refuses otherwise, because the record is published as-is).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final, Literal, NotRequired, TypedDict

from governance.errors import InvalidInput
from governance.motions.rules.quorum import LIVED_EXPERIENCE_REASON

AttendanceStatus = Literal["present", "remote", "absent", "excused"]
VoteMethod = Literal["roll_call", "secret", "show_of_hands", "verifiable"]
Threshold = Literal["majority", "two_thirds", "majority_of_seats", "unanimous"]
Choice = Literal["yes", "no", "abstain"]

ATTENDANCE_STATUSES: Final[tuple[str, ...]] = ("present", "remote", "absent", "excused")
METHODS: Final[frozenset[str]] = frozenset({"roll_call", "secret", "show_of_hands", "verifiable"})
CHOICES: Final[frozenset[str]] = frozenset({"yes", "no", "abstain"})
PAGE_SIZES: Final[frozenset[str]] = frozenset({"A4", "Letter"})


class OrganisationRef(TypedDict):
    slug: str
    name: str


class BodyRef(TypedDict):
    slug: str
    name: str


class MeetingInfo(TypedDict):
    id: str
    title: str
    scheduled_for: str
    location: str | None
    opened_at: str | None
    adjourned_at: str | None
    agenda: list[str]


class Attendee(TypedDict):
    member_id: str
    display_name: str
    status: AttendanceStatus


class QuorumInfo(TypedDict):
    required: int
    present: int
    met: bool
    lived_experience_met: bool | None
    reasons: list[str]


class Tally(TypedDict):
    yes: int
    no: int
    abstain: int
    eligible: int
    voted: int


class RollCallVote(TypedDict):
    display_name: str
    choice: Choice


class MotionRecord(TypedDict):
    id: str
    number: str
    title: str
    text: str
    kind: str
    mover: str | None
    seconder: str | None
    recusals: list[str]
    method: VoteMethod
    threshold: Threshold
    status: str
    tally: Tally | None
    votes: list[RollCallVote]
    text_versions: list[str]
    effect: NotRequired[str | None]


class MinutesRecord(TypedDict):
    organisation: OrganisationRef
    body: BodyRef
    meeting: MeetingInfo
    attendance: list[Attendee]
    quorum: QuorumInfo
    motions: list[MotionRecord]


class Approval(TypedDict):
    motion_number: str
    meeting_title: str
    approved_on: str


def canonical_json(value: Any) -> str:
    """The one serialisation used for the attachment and for hashing.

    Sorted keys and no whitespace, so equal records give equal bytes; `allow_nan=False`
    because NaN is not JSON and would not read back.
    """
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def _require(mapping: Any, keys: tuple[str, ...], where: str) -> None:
    if not isinstance(mapping, dict):
        raise InvalidInput(f"The minutes record needs {where} as an object.", field=where)
    missing = [key for key in keys if key not in mapping]
    if missing:
        raise InvalidInput(
            f"The minutes record is missing {', '.join(missing)} in {where}.", field=where
        )


def _check_json_types(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"{where} holds a number that is not finite.", field=where)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_types(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"{where} has a key that is not text.", field=where)
            _check_json_types(item, f"{where}.{key}")
        return
    # A tuple would serialise as a list and read back unequal; a datetime would not serialise.
    raise InvalidInput(
        f"{where} holds a {type(value).__name__}, which is not a plain JSON value.", field=where
    )


_OLD_LIVED_REASON = re.compile(r"^\d+ of \d+ members? present (?:has|have) lived experience")


def without_counts(record: dict[str, Any]) -> dict[str, Any]:
    """A record frozen before verdicts replaced counts, as it is read and published now:
    the lived-experience count dropped (its verdict kept where the record states it) and
    reasons in words that give no count."""
    quorum = dict(record["quorum"])
    quorum.pop("lived_experience_present", None)
    reasons = quorum.get("reasons") or []
    failed = any(_OLD_LIVED_REASON.match(r) for r in reasons)
    # Such a record does not say whether the body had the rule; only a failure is known.
    quorum.setdefault("lived_experience_met", False if failed else None)
    quorum["reasons"] = [
        LIVED_EXPERIENCE_REASON if _OLD_LIVED_REASON.match(r) else r for r in reasons
    ]
    return {**record, "quorum": quorum}


def validate_record(record: Any) -> MinutesRecord:
    """Check the record has the agreed shape and nothing that cannot be published.

    Raises `InvalidInput` naming the first problem. Refuses per-voter entries on any motion
    not decided by roll call: the record is embedded in the published PDF, so a secret
    ballot's choices must never reach it.
    """
    _check_json_types(record, "record")
    _require(
        record,
        ("organisation", "body", "meeting", "attendance", "quorum", "motions"),
        "record",
    )
    _require(record["organisation"], ("slug", "name"), "organisation")
    _require(record["body"], ("slug", "name"), "body")
    _require(
        record["meeting"],
        ("id", "title", "scheduled_for", "location", "opened_at", "adjourned_at", "agenda"),
        "meeting",
    )
    _require(
        record["quorum"],
        ("required", "present", "met", "lived_experience_met", "reasons"),
        "quorum",
    )
    if "lived_experience_present" in record["quorum"]:
        raise InvalidInput(
            "The minutes record must not count the members with lived experience: next to "
            "the attendance it would name them.",
            field="quorum",
        )
    if not isinstance(record["attendance"], list) or not isinstance(record["motions"], list):
        raise InvalidInput("Attendance and motions must be lists.", field="record")
    for index, person in enumerate(record["attendance"]):
        where = f"attendance[{index}]"
        _require(person, ("member_id", "display_name", "status"), where)
        if person["status"] not in ATTENDANCE_STATUSES:
            raise InvalidInput(
                f"{where} has the status {person['status']!r}; expected one of "
                f"{', '.join(ATTENDANCE_STATUSES)}.",
                field=where,
            )
    for index, motion in enumerate(record["motions"]):
        where = f"motions[{index}]"
        _require(
            motion,
            ("id", "number", "title", "text", "kind", "mover", "seconder", "recusals",
             "method", "threshold", "status", "tally", "votes", "text_versions"),
            where,
        )  # fmt: skip
        if motion["method"] not in METHODS:
            raise InvalidInput(f"{where} has the voting method {motion['method']!r}.", field=where)
        if not isinstance(motion.get("effect"), str | None):
            raise InvalidInput(f"{where} has an effect that is not a sentence.", field=where)
        if motion["tally"] is not None:
            _require(motion["tally"], ("yes", "no", "abstain", "eligible", "voted"), where)
        if motion["votes"] and motion["method"] != "roll_call":
            raise InvalidInput(
                f"Motion {motion['number']} was not a roll-call vote, so its record must not "
                "list who voted how.",
                field=where,
            )
        for vote in motion["votes"]:
            _require(vote, ("display_name", "choice"), f"{where}.votes")
            if vote["choice"] not in CHOICES:
                raise InvalidInput(
                    f"{where} has a vote with the choice {vote['choice']!r}.", field=where
                )
    return record  # type: ignore[no-any-return]
