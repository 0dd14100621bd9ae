"""`make bench`: run every scenario on SQLite and PostgreSQL; write results/latest.json.

Each scenario starts the real server on a fresh database and drives it over HTTP from this
process (loopback only, bounded request counts). Throughputs are reported beside the same
run's `GET /healthz` figure, as ratios, so results compare across noisy machines.

    python -m benchmarks.run                 # everything
    python -m benchmarks.run --only audit_verify --engines sqlite
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import scenarios_foundation as foundation
from benchmarks.server import postgres_available

RESULTS = Path(__file__).parent / "results"


def scenario_table() -> dict[str, tuple[Callable[..., dict[str, Any]], tuple[str, ...]]]:
    """name -> (function taking the engine name, engines it runs on)."""
    table: dict[str, tuple[Callable[..., dict[str, Any]], tuple[str, ...]]] = {
        "sign_in_storm": (foundation.sign_in_storm, ("sqlite", "postgres")),
        "audit_verify": (foundation.audit_verify, ("sqlite", "postgres")),
        "two_workers": (lambda engine: foundation.two_workers(), ("postgres",)),
    }
    try:
        from benchmarks import scenarios_minutes, scenarios_votes

        table.update(scenarios_votes.SCENARIOS)
        table.update(scenarios_minutes.SCENARIOS)
    except ImportError:
        pass
    from benchmarks import (
        scenarios_decisions,
        scenarios_election_storm,
        scenarios_elections,
        scenarios_verifiable,
    )

    table.update(scenarios_decisions.SCENARIOS)
    table.update(scenarios_elections.SCENARIOS)
    table.update(scenarios_election_storm.SCENARIOS)
    table.update(scenarios_verifiable.SCENARIOS)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", help="run only these scenarios")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    if "postgres" in engines and not postgres_available():
        print("PostgreSQL is not reachable; running SQLite only.", file=sys.stderr)
        engines.remove("postgres")
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "scenarios": {},
    }
    for name, (function, supported) in scenario_table().items():
        if args.only and name not in args.only:
            continue
        for engine in engines:
            if engine not in supported:
                continue
            print(f"== {name} on {engine}", flush=True)
            started = time.monotonic()
            try:
                figures = function(engine)
            except Exception as error:
                traceback.print_exc()
                figures = {"error": f"{type(error).__name__}: {error}"}
            figures["wall_seconds"] = round(time.monotonic() - started, 1)
            results["scenarios"].setdefault(name, {})[engine] = figures
            print(json.dumps(figures, indent=2)[:2000], flush=True)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists() and args.only:
        previous = json.loads(output.read_text())
        # Merge per scenario and engine: re-running one engine keeps the other's figures.
        for name, by_engine in results["scenarios"].items():
            previous.setdefault("scenarios", {}).setdefault(name, {}).update(by_engine)
        previous["generated_at"] = results["generated_at"]
        results = previous
    output.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"Wrote {output}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
