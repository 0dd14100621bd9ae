"""The published minutes as an archival PDF (PDF/A-3b, tagged), made by WeasyPrint.

Three properties matter more than looks:

- **Byte-identical for identical input.** A published PDF is hashed and must stay verifiable,
  so nothing in it may depend on the clock, the process or the machine's fonts: every date
  is `published_at`, the file identifier derives from the content, the attachment's dates are
  fixed, and the fonts are the DejaVu Sans files shipped in `static/fonts/` under a family
  name no system font has ("Governance Sans").
- **Self-contained.** The URL fetcher serves only those font files; nothing is fetched from
  the network or elsewhere on disk, whatever the notes contain.
- **Checkable.** The record the PDF was printed from is attached as `minutes-record.json`
  (canonical JSON), with the PDF/A-3 relationship `Data`.

Rendering takes seconds and holds the GIL; call it through `governance.minutes.renderer`,
never on the event loop.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from governance.errors import InvalidInput
from governance.minutes.document import (
    ATTENDANCE_STATUSES,
    PAGE_SIZES,
    canonical_json,
    validate_record,
)
from governance.motions.rules.business import NO_QUORUM, NO_QUORUM_WORDS
from governance.motions.rules.thresholds import outcome_sentence
from governance.text import zone_label

HERE: Final = Path(__file__).resolve().parent
FONT_DIR: Final = HERE.parents[1] / "static" / "fonts"
CSS_PATH: Final = HERE / "pdf.css"
TEMPLATE_DIR: Final = HERE / "templates"
# The pages' templates, for partials a PDF shares with a page (the election count report).
PAGE_TEMPLATE_DIR: Final = HERE.parent / "templates"
ATTACHMENT_NAME: Final = "minutes-record.json"
CHECKPOINT_NAME: Final = "audit-checkpoint.txt"
FONT_FAMILY: Final = "Governance Sans"

# (file, weight, style) for each face of the bundled family.
FONT_FACES: Final[tuple[tuple[str, str, str], ...]] = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)
PAGE_CSS: Final[dict[str, str]] = {"A4": "A4", "Letter": "letter"}

ATTENDANCE_LABELS: Final[dict[str, str]] = {
    "present": "Present",
    "remote": "Present remotely",
    "absent": "Absent",
    "excused": "Excused",
}
METHOD_LABELS: Final[dict[str, str]] = {
    "roll_call": "Roll call",
    "secret": "Secret ballot",
    "show_of_hands": "Show of hands",
}
THRESHOLD_LABELS: Final[dict[str, str]] = {
    "majority": "Majority of votes cast",
    "two_thirds": "Two thirds of votes cast",
    "majority_of_seats": "Majority of filled seats",
    "unanimous": "Unanimous (every seated member not recused)",
}
KIND_LABELS: Final[dict[str, str]] = {
    "main": "Main motion",
    "amendment": "Amendment",
    "approve_minutes": "Approval of minutes",
    "appointment": "Appointment",
    "rescind": "Motion to rescind",
    "postpone": "Motion to postpone",
    "refer": "Motion to refer to a committee",
    "reconsider": "Motion to reconsider",
}
OUTCOME_LABELS: Final[dict[str, str]] = {
    "carried": "Carried",
    "failed": "Failed",
    "withdrawn": "Withdrawn",
    "lapsed": "Lapsed",
}
CHOICE_LABELS: Final[dict[str, str]] = {"yes": "Yes", "no": "No", "abstain": "Abstain"}


class FontNotFound(RuntimeError):
    """A bundled font file is missing: a packaging fault, not something a user can fix."""


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    # Imported lazily: importing weasyprint loads Pango and costs ~0.5 s, which the web
    # process (that only imports this module to type its calls) should not pay.
    from weasyprint import URLFetcher

    class BundledFontsOnly(URLFetcher):  # type: ignore[misc]
        """Serve the bundled font files and refuse everything else.

        The notes are sanitised and carry no images, but a link or a stylesheet slipped in
        later must still not make the renderer read other files or reach the network.
        """

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.parent == FONT_DIR.resolve() and path.suffix == ".ttf":
                    return super().fetch(url, headers)
            raise ValueError(f"The minutes PDF may not load {url!r}.")

    return BundledFontsOnly


def _font_face_css() -> str:
    rules = []
    for filename, weight, style in FONT_FACES:
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontNotFound(f"The bundled font {path} is missing.")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader([TEMPLATE_DIR, PAGE_TEMPLATE_DIR]),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def _parse_datetime(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{field} is not an ISO 8601 date and time.", field=field) from error
    if parsed.tzinfo is None:
        raise InvalidInput(f"{field} needs a time zone (for example +00:00).", field=field)
    return parsed


def _human_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput(
            "The time zone must be a name such as Europe/London.", field="time_zone"
        ) from error


def _human_datetime(value: str | None, zone: tzinfo = UTC) -> str | None:
    """A record time in the organisation's `zone`, the zone named: `1 November 2026, 19:00
    GMT`; a bare date stays a date; anything unreadable is shown as written."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return _human_date(parsed.date())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    local = parsed.astimezone(zone)
    return f"{_human_date(local.date())}, {local:%H:%M} {zone_label(local)}"


def _tally_text(motion: dict[str, Any]) -> str:
    tally = motion["tally"]
    if tally is None:
        return "No vote was taken."
    return (
        f"Yes {tally['yes']}, No {tally['no']}, Abstain {tally['abstain']}; "
        f"{tally['voted']} of {tally['eligible']} eligible voted."
    )


def _motion_view(motion: dict[str, Any]) -> dict[str, Any]:
    status = motion["status"]
    versions = list(motion["text_versions"])
    # The last version is the final text when the service includes it; show only the others.
    if versions and versions[-1] == motion["text"]:
        versions = versions[:-1]
    votes = (
        [
            {"display_name": vote["display_name"], "choice_label": CHOICE_LABELS[vote["choice"]]}
            for vote in motion["votes"]
        ]
        if motion["method"] == "roll_call"
        else []
    )
    return {
        "number": motion["number"],
        "title": motion["title"],
        "text": motion["text"],
        "status": status,
        "outcome": (
            NO_QUORUM_WORDS
            if status == "failed" and (motion["tally"] or {}).get("reason") == NO_QUORUM
            else OUTCOME_LABELS.get(status, f"Not decided ({status})")
        ),
        "outcome_sentence": outcome_sentence(status, motion["threshold"], motion["tally"]),
        "earlier_versions": versions,
        "kind_label": KIND_LABELS.get(motion["kind"], motion["kind"]),
        "mover": motion["mover"],
        "seconder": motion["seconder"],
        "recusals": list(motion["recusals"]),
        "method": motion["method"],
        "method_label": METHOD_LABELS[motion["method"]],
        "threshold_label": THRESHOLD_LABELS.get(motion["threshold"], motion["threshold"]),
        "tally_text": _tally_text(motion),
        "votes": votes,
        "effect": motion.get("effect"),
    }


def _quorum_changes(events: list[dict[str, Any]], zone: tzinfo = UTC) -> list[str]:
    """Sentences for when quorum was reached or lost (the first is the state at opening)."""
    lines = []
    for index, event in enumerate(events):
        when = _human_datetime(event["at"], zone)
        counts = f"{event['present']} present, {event['required']} needed"
        if event["met"]:
            lines.append(f"Quorum reached at {when} ({counts}).")
        elif index == 0:
            lines.append(f"No quorum when the meeting opened at {when} ({counts}).")
        else:
            lines.append(f"Quorum lost at {when} ({counts}).")
    return lines


def build_html(
    *,
    record: dict[str, Any],
    notes_html: str,
    approval: dict[str, Any] | None,
    audit_head_hash: str,
    version: int,
    published_at: datetime,
    checkpoint: str = "",
    time_zone: str = "UTC",
) -> str:
    """The HTML the PDF is printed from; separate so tests and previews can inspect it.
    Every time is given in `time_zone` (an IANA name), which the document names."""
    zone = _zone(time_zone)
    approved_on = None
    if approval is not None:
        for key in ("motion_number", "meeting_title", "approved_on"):
            if key not in approval:
                raise InvalidInput(f"The approval is missing {key}.", field="approval")
        try:
            approved_on = _human_date(date.fromisoformat(approval["approved_on"]))
        except (TypeError, ValueError) as error:
            raise InvalidInput(
                "The approval date is not an ISO 8601 date.", field="approval"
            ) from error
    meeting = record["meeting"]
    groups = [
        {
            "label": ATTENDANCE_LABELS[status],
            "people": sorted(
                (p["display_name"] for p in record["attendance"] if p["status"] == status),
                key=str.casefold,
            ),
        }
        for status in ATTENDANCE_STATUSES
    ]
    utc = published_at.astimezone(UTC)
    published_local = utc.astimezone(zone)
    quorum_changes = _quorum_changes(record["quorum"].get("events") or [], zone)
    template = _environment().get_template("minutes_pdf.html")
    return template.render(
        doc_title=f"Minutes: {meeting['title']} ({record['body']['name']})",
        org=record["organisation"],
        body=record["body"],
        meeting=meeting,
        scheduled_for=_human_datetime(meeting["scheduled_for"], zone) or "Not recorded",
        opened_at=_human_datetime(meeting["opened_at"], zone),
        adjourned_at=_human_datetime(meeting["adjourned_at"], zone),
        presiding=meeting.get("presiding"),
        time_zone=time_zone,
        version=version,
        approval=approval,
        approved_on=approved_on,
        attendance_groups=groups,
        quorum=record["quorum"],
        quorum_changes=quorum_changes,
        motions=[_motion_view(motion) for motion in record["motions"]],
        # Already sanitised by governance.minutes.markdown.render_notes; inserted as-is.
        notes_html=Markup(notes_html),  # noqa: S704
        audit_head_hash=audit_head_hash,
        checkpoint_lines=checkpoint.splitlines(),
        published_at_text=(
            f"{_human_date(published_local.date())} at {published_local:%H:%M} "
            f"{zone_label(published_local)}"
        ),
        published_at_w3c=utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _identifier(*parts: str) -> bytes:
    """A PDF file identifier from the content, so re-rendering gives the same /ID."""
    digest = hashlib.sha256()
    for part in parts:
        encoded = part.encode()
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()[:32].encode()


def render_minutes_pdf(
    *,
    record: dict[str, Any],
    notes_html: str,
    approval: dict[str, Any] | None,
    audit_head_hash: str,
    page_size: str = "A4",
    version: int = 1,
    published_at: str,
    checkpoint: str = "",
    time_zone: str = "UTC",
) -> bytes:
    """Render the minutes of one meeting as a PDF/A-3b document and return its bytes.

    `notes_html` must come from `render_notes` (it is inserted without escaping); every other
    value is escaped. `published_at` (ISO 8601 with a zone) is the only time used, so the same
    arguments always give the same bytes; times are shown in `time_zone` (an IANA name).
    `checkpoint` (the audit log's signed checkpoint at publication) is printed in the
    document and attached verbatim. Raises `InvalidInput` for a malformed record, approval,
    page size, time or time zone.
    """
    from weasyprint import CSS, HTML, Attachment

    if page_size not in PAGE_SIZES:
        raise InvalidInput("The page size must be A4 or Letter.", field="page_size")
    validate_record(record)
    published = _parse_datetime(published_at, "published_at").astimezone(UTC)
    record_json = canonical_json(record)
    approval_json = canonical_json(approval)

    html = build_html(
        record=record,
        notes_html=notes_html,
        approval=approval,
        audit_head_hash=audit_head_hash,
        version=version,
        published_at=published,
        checkpoint=checkpoint,
        time_zone=time_zone,
    )
    fetcher = _fetcher_class()(timeout=1, allowed_protocols={"file"})
    stylesheets = [
        CSS(string=_font_face_css(), url_fetcher=fetcher),
        CSS(filename=str(CSS_PATH), url_fetcher=fetcher),
        CSS(string=f"@page {{ size: {PAGE_CSS[page_size]}; }}", url_fetcher=fetcher),
    ]
    # Naive UTC: WeasyPrint formats these with a literal "Z" and no conversion.
    fixed = published.replace(tzinfo=None)
    attachment = Attachment(
        string=record_json,
        name=ATTACHMENT_NAME,
        description="The minutes record this PDF was printed from (canonical JSON).",
        created=fixed,
        modified=fixed,
        relationship="Data",
        url_fetcher=fetcher,
    )
    attachments = [attachment]
    if checkpoint:
        attachments.append(
            Attachment(
                string=checkpoint,
                name=CHECKPOINT_NAME,
                description="The audit log's signed checkpoint at publication (C2SP note).",
                created=fixed,
                modified=fixed,
                relationship="Supplement",
                url_fetcher=fetcher,
            )
        )
    identifier = _identifier(
        record_json, notes_html, approval_json, audit_head_hash, page_size, str(version),
        published.isoformat(), checkpoint, time_zone,
    )  # fmt: skip
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=stylesheets,
        attachments=attachments,
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
        pdf_identifier=identifier,
        uncompressed_pdf=False,
    )
    return pdf
