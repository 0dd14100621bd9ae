"""The returning officer's count report as an archival PDF, made the way minutes PDFs are.

The same PDF/A-3b settings, bundled fonts, no-network URL fetcher and content-derived file
identifier as `governance.minutes.pdf`, so the same report and facts always give the same
bytes; the count report itself is attached as `count-report.json` (canonical JSON, PDF/A-3
relationship `Data`), so a reader can check the printed figures against the count.

The body is the partial the election page shows (`elections/_count_report.html`), printed
through `report_pdf.html`. Rendering takes seconds and holds the GIL: call it through
`PdfRenderer.render_with`, never on the event loop.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from governance.errors import InvalidInput
from governance.minutes.document import PAGE_SIZES, canonical_json
from governance.minutes.pdf import (
    CSS_PATH,
    FONT_DIR,
    PAGE_CSS,
    _environment,
    _fetcher_class,
    _font_face_css,
    _human_datetime,
    _identifier,
    _parse_datetime,
    _zone,
)

REPORT_CSS_PATH: Final = Path(__file__).resolve().parent / "report_pdf.css"
REPORT_ATTACHMENT_NAME: Final = "count-report.json"
# Stages per table: a candidate column and six stages fit the width of an A4 or Letter page.
STAGES_PER_TABLE: Final = 6
META_KEYS: Final = ("organisation", "body", "title", "closes_at", "ballots", "box_digest")


def _identity(report: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """What the bytes depend on, so equal reports get equal file identifiers (and ETags)."""
    meta_text = canonical_json({key: str(value) for key, value in meta.items()})
    return _identifier("count-report", canonical_json(report), meta_text)


def report_etag(report: dict[str, Any], meta: dict[str, Any]) -> str:
    """A strong validator for the PDF of `report` and `meta`, known without printing it."""
    return _identity(report, meta).decode()


def _check(report: dict[str, Any], meta: dict[str, Any]) -> None:
    if not isinstance(report, dict) or "method" not in report or "elected" not in report:
        raise InvalidInput("The count report is not one the count made.", field="report")
    for key in META_KEYS:
        if key not in meta:
            raise InvalidInput(f"The report's details are missing {key}.", field=key)
    if meta.get("page_size", "A4") not in PAGE_SIZES:
        raise InvalidInput("The page size must be A4 or Letter.", field="page_size")


def _made_at(meta: dict[str, Any]) -> datetime:
    """The one time the document is dated by: the count's, else the close of voting."""
    when = meta.get("counted_at") or meta["closes_at"]
    return _parse_datetime(str(when), "counted_at" if meta.get("counted_at") else "closes_at")


def build_count_report_html(report: dict[str, Any], meta: dict[str, Any]) -> str:
    """The HTML the PDF is printed from; separate so tests can read it.

    `meta`: `organisation`, `body` and `title` (names), `closes_at` (ISO 8601 with a zone),
    `ballots` (how many were cast), `box_digest`; optionally `counted_at`, `time_zone` (an
    IANA name, `UTC` if not given) and `page_size`. Everything is escaped.
    """
    _check(report, meta)
    time_zone = str(meta.get("time_zone") or "UTC")
    zone = _zone(time_zone)
    closes_at = _parse_datetime(str(meta["closes_at"]), "closes_at")
    made_at = _made_at(meta).astimezone(UTC)
    template = _environment().get_template("report_pdf.html")
    return template.render(
        doc_title=f"Count report: {meta['title']} ({meta['body']})",
        organisation=meta["organisation"],
        body_name=meta["body"],
        election_title=meta["title"],
        closes_at_text=_human_datetime(closes_at.isoformat(), zone),
        counted_at_text=_human_datetime(str(meta["counted_at"]), zone)
        if meta.get("counted_at")
        else None,
        ballots=meta["ballots"],
        box_digest=meta["box_digest"],
        time_zone=time_zone,
        report=report,
        stages_per_table=STAGES_PER_TABLE,
        attachment_name=REPORT_ATTACHMENT_NAME,
        made_at_w3c=made_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def render_count_report_pdf(report: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The count report as a PDF/A-3b document, with the report attached as canonical JSON.

    The same `report` and `meta` always give the same bytes. Raises `InvalidInput` for a
    report the count did not make or missing details (see `build_count_report_html`).
    """
    from weasyprint import CSS, HTML, Attachment

    html = build_count_report_html(report, meta)
    page_size = str(meta.get("page_size", "A4"))
    fetcher = _fetcher_class()(timeout=1, allowed_protocols={"file"})
    stylesheets = [
        CSS(string=_font_face_css(), url_fetcher=fetcher),
        CSS(filename=str(CSS_PATH), url_fetcher=fetcher),
        CSS(filename=str(REPORT_CSS_PATH), url_fetcher=fetcher),
        CSS(string=f"@page {{ size: {PAGE_CSS[page_size]}; }}", url_fetcher=fetcher),
    ]
    # Naive UTC: WeasyPrint formats these with a literal "Z" and no conversion.
    fixed = _made_at(meta).astimezone(UTC).replace(tzinfo=None)
    report_json = canonical_json(report)
    attachment = Attachment(
        string=report_json,
        name=REPORT_ATTACHMENT_NAME,
        description="The count report this PDF was printed from (canonical JSON).",
        created=fixed,
        modified=fixed,
        relationship="Data",
        url_fetcher=fetcher,
    )
    identifier = _identity(report, meta)
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=stylesheets,
        attachments=[attachment],
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
        pdf_identifier=identifier,
        uncompressed_pdf=False,
    )
    return pdf
