"""Print `results/latest.json` as the README's performance table (Markdown).

    python -m benchmarks.summary [path]

Each row names the figure, SQLite and PostgreSQL side by side, and the issue's target, so
the README can be regenerated from the same file `make bench` writes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.run import RESULTS

Figure = Callable[[dict[str, Any]], str]


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _rate(throughput: Any, ratio: Any) -> str:
    return f"{_num(throughput)} ({_num(ratio, 'x', 3)})"


def _num(value: Any, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


ROWS: list[tuple[str, str, Figure, str]] = [
    (
        "vote_storm",
        "vote storm: votes/s, ratio to healthz",
        lambda r: _rate(_get(r, "median", "throughput"), _get(r, "median", "ratio_to_healthz")),
        ">= 0.15x",
    ),
    (
        "vote_storm",
        "vote storm: p99, errors + timeouts, every vote counted",
        lambda r: (
            f"{_num(_get(r, 'median', 'p99_ms'), ' ms')}, "
            f"{(r.get('errors') or 0) + (r.get('timeouts') or 0)}, {r.get('every_vote_counted')}"
        ),
        "<= 250 ms, 0, True",
    ),
    (
        "election_storm",
        "election storm, 5,000 members, STV: ballots/s, ratio to healthz",
        lambda r: _rate(
            _get(r, "median", "ballots_per_second"), _get(r, "median", "ratio_to_healthz")
        ),
        "no target set",
    ),
    (
        "election_storm",
        "election storm: p50 / p99, errors + timeouts, counted; count",
        lambda r: (
            f"{_num(_get(r, 'median', 'p50_ms'), ' ms')} / "
            f"{_num(_get(r, 'median', 'p99_ms'), ' ms')}, "
            f"{(r.get('errors') or 0) + (r.get('timeouts') or 0)}, "
            f"{r.get('every_ballot_counted')}; "
            f"{_num(_get(r, 'median', 'count_seconds'), ' s', 2)}"
        ),
        "0, True",
    ),
    (
        "decision_log",
        "decision log page of 50 of 10,000: req/s, ratio",
        lambda r: _rate(_get(r, "page", "throughput"), r.get("page_ratio_to_healthz")),
        ">= 0.30x",
    ),
    (
        "decision_log",
        "decision log page with a search term: req/s, ratio",
        lambda r: _rate(
            _get(r, "page_with_search", "throughput"), r.get("search_ratio_to_healthz")
        ),
        ">= 0.10x",
    ),
    (
        "minutes_pdf_fetch",
        "published minutes PDF fetch: req/s, ratio",
        lambda r: _rate(_get(r, "median", "throughput"), _get(r, "median", "ratio_to_healthz")),
        ">= 0.50x",
    ),
    (
        "minutes_render",
        "minutes render, 10 pages: median; healthz p99 during 4 renders",
        lambda r: (
            f"{_num(r.get('render_seconds_median'), ' s', 2)}; "
            f"{_num(r.get('healthz_during_p99_ms_median'), ' ms', 1)}"
        ),
        "<= 2.0 s; <= 50 ms",
    ),
    (
        "sign_in_storm",
        "sign-in storm, 500 members: seconds, all succeeded; healthz p99",
        lambda r: (
            f"{_num(_get(r, 'sign_ins', 'seconds'), ' s', 1)}, {r.get('all_succeeded')}; "
            f"{_num(r.get('healthz_during_p99_ms'), ' ms', 1)}"
        ),
        "<= 60 s, True; <= 100 ms",
    ),
    (
        "audit_verify",
        "audit verify, 1,000,000 entries: entries/s",
        lambda r: _num(r.get("entries_per_second")),
        ">= 200,000",
    ),
    (
        "two_workers",
        "two workers: read throughput, two / one",
        lambda r: _num(r.get("ratio_two_to_one"), "x", 2),
        ">= 1.6x (PostgreSQL)",
    ),
]


def table(results: dict[str, Any]) -> str:
    scenarios = results.get("scenarios", {})
    lines = [
        "| scenario | SQLite | PostgreSQL | target |",
        "|---|---|---|---|",
    ]
    for name, label, figure, target in ROWS:
        cells = []
        for engine in ("sqlite", "postgres"):
            run = _get(scenarios, name, engine)
            if run is None:
                cells.append("not run")
            elif "error" in run:
                cells.append(f"error: {run['error'][:60]}")
            else:
                cells.append(figure(run))
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else RESULTS / "latest.json"
    results = json.loads(path.read_text())
    print(f"Measured {results.get('generated_at')} on {results.get('machine')}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
