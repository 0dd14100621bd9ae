"""`make crosscheck`: our Scottish STV count beside votekit's, ward by ward, on scot-elex.

Counts every BLT file of mggg/scot-elex (1,100 Scottish council wards, 2007-2022) with
`governance.elections.count.count_stv` and with votekit (an independent implementation, in
the test-only `crosscheck` extra), and writes a JSON report: the wards where the elected
sets agree, the wards where they differ (each with both answers), and, for each difference,
the declared result when one is on file and whose count matches it.

    sh scripts/fetch-scot-elex.sh                 # or: make scot-elex
    GOVERNANCE_SCOT_ELEX=.scot-elex/blt_files .venv-crosscheck/bin/python \\
        -m benchmarks.stv_crosscheck --output benchmarks/results/stv_crosscheck.json

votekit is counted in two ways, both its fractional (Gregory) transfer and Droop quota:

* `votekit.FastSTV` (numpy, floating point) on every ward;
* `votekit.STV` (pandas; `exact=True`, rational arithmetic) on an evenly spread sample
  (`--stv-sample`, 300 by default; it takes about a second a ward).

Both elect every candidate over the quota at once and transfer their surpluses together
(`simultaneous=True`, votekit's default); the Order transfers one surplus per stage, highest
first, and looks again after each (rule 49). Neither truncates transfer values to five
places (rule 48(3)). `votekit.FastSTV(simultaneous=False)`, one election and one surplus a
round, is counted on every ward too.

The comparison itself (`compare`) is pure and is unit-tested without votekit
(tests/unit/elections/test_crosscheck_compare.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DECLARED = ROOT / "tests" / "data" / "scot_elex" / "declared.json"
SCOT_ELEX_COMMIT = "304b0842b54f0fe89441757424106be8a991f57f"
SEED = "scot-elex"

# A ward's result: {"elected": [names, sorted]} or {"error": "why it could not be counted"}.
Result = dict[str, Any]


# -- the comparison (pure) ---------------------------------------------------------------------
def verdict(ours: list[str], theirs: list[str], declared: list[str] | None) -> str:
    """Who matches the declared result, for a ward where the two counts differ."""
    if declared is None:
        return "no declaration on file"
    mine, other, official = sorted(ours), sorted(theirs), sorted(declared)
    if mine == official and other == official:
        return "both match the declaration"  # cannot happen when they differ; kept total
    if mine == official:
        return "ours matches the declaration"
    if other == official:
        return "theirs matches the declaration"
    return "neither matches the declaration"


def compare(
    ours: Mapping[str, Result],
    theirs: Mapping[str, Result],
    declared: Mapping[str, list[str]],
) -> dict[str, Any]:
    """Ward by ward, do the elected sets agree? Differences are adjudicated by `declared`.

    `ours` and `theirs` map a ward to its result; wards in only one of them are listed as
    not compared. A ward either side could not count is listed under `failed`, not as a
    difference. Order of election is ignored: the Order declares a set of councillors.
    """
    agreements: list[str] = []
    differences: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    declared_agreements: dict[str, int] = {"match": 0, "do not match": 0}
    for ward in sorted(set(ours) & set(theirs)):
        mine, other = ours[ward], theirs[ward]
        if "error" in mine or "error" in other:
            failed.append({"ward": ward, "ours": mine.get("error"), "theirs": other.get("error")})
            continue
        official = declared.get(ward)
        a, b = sorted(mine["elected"]), sorted(other["elected"])
        if a == b:
            agreements.append(ward)
            if official is not None:
                declared_agreements["match" if a == sorted(official) else "do not match"] += 1
            continue
        differences.append(
            {
                "ward": ward,
                "ours": a,
                "theirs": b,
                "only_ours": sorted(set(a) - set(b)),
                "only_theirs": sorted(set(b) - set(a)),
                "declared": sorted(official) if official is not None else None,
                "verdict": verdict(a, b, official),
            }
        )
    verdicts: dict[str, int] = {}
    for d in differences:
        verdicts[d["verdict"]] = verdicts.get(d["verdict"], 0) + 1
    return {
        "compared": len(agreements) + len(differences),
        "agreements": len(agreements),
        "differences": len(differences),
        "failed": failed,
        "verdicts": dict(sorted(verdicts.items())),
        "agreements_with_a_declaration": declared_agreements,
        "agreeing_wards": agreements,
        "differing_wards": differences,
        "not_compared": sorted(set(ours) ^ set(theirs)),
    }


def spread_sample(items: list[str], n: int) -> list[str]:
    """`n` items evenly spread over `items` (all of them when there are no more than `n`)."""
    if n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


# -- the data ------------------------------------------------------------------------------------
def data_dir(given: str | None) -> Path:
    """The folder of scot-elex BLT files: the argument, $GOVERNANCE_SCOT_ELEX, or .scot-elex."""
    raw = given or os.environ.get("GOVERNANCE_SCOT_ELEX") or str(ROOT / ".scot-elex")
    path = Path(raw)
    if (path / "blt_files").is_dir():
        path = path / "blt_files"
    if not path.is_dir():
        raise SystemExit(
            f"No scot-elex data at {path}. Fetch it with `sh scripts/fetch-scot-elex.sh` "
            "(or `make scot-elex`) and set GOVERNANCE_SCOT_ELEX to its blt_files folder."
        )
    return path


def ward_files(folder: Path) -> dict[str, Path]:
    """Ward name (the file name without .blt, e.g. falkirk_2022_ward6) -> its file."""
    return {p.name.removesuffix(".blt"): p for p in sorted(folder.rglob("*.blt"))}


def load_declared(path: Path = DECLARED) -> dict[str, list[str]]:
    """Ward -> the declared councillors, from tests/data/scot_elex/declared.json."""
    wards = json.loads(path.read_text(encoding="utf-8"))["wards"]
    return {w["file"].removesuffix(".blt.gz"): list(w["declared_elected"]) for w in wards}


def parse_wards(files: Mapping[str, Path]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each ward's election (our BLT reader), and the wards it refuses, with the reason."""
    from governance.elections.count import parse_blt
    from governance.errors import InvalidInput

    elections: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for ward, path in files.items():
        try:
            elections[ward] = parse_blt(path.read_text(encoding="utf-8"))
        except (InvalidInput, UnicodeDecodeError) as error:
            refused[ward] = str(error)
    return elections, refused


# -- the counts --------------------------------------------------------------------------------
def count_ours(election: Any) -> Result:
    from governance.elections.count import count_stv

    report = count_stv(election, seed=SEED)
    result: Result = {"elected": sorted(report.elected)}
    if report.ties:
        result["ties"] = [f"stage {t.stage} {t.question}: {t.decided_by}" for t in report.ties]
    return result


def votekit_profile(election: Any) -> Any:
    """The election's ballots as a votekit RankProfile (withdrawn candidates passed over)."""
    from votekit.ballot import RankBallot
    from votekit.pref_profile import RankProfile

    name = election.name
    ballots = []
    for b in election.ballots:
        ranking = tuple(frozenset({name(c)}) for c in b.ranking if c not in election.withdrawn)
        if ranking:  # a ballot naming only withdrawn candidates is not a valid vote
            ballots.append(RankBallot(ranking=ranking, weight=b.weight))
    return RankProfile(ballots=tuple(ballots), candidates=tuple(name(c) for c in election.standing))


def votekit_counters() -> dict[str, Callable[[Any, int], Any]]:
    """votekit's STV classes, each as (profile, seats) -> election."""
    from votekit.elections import STV, FastSTV

    return {
        "votekit.FastSTV": lambda profile, seats: FastSTV(profile, n_seats=seats),
        "votekit.FastSTV(simultaneous=False)": lambda profile, seats: FastSTV(
            profile, n_seats=seats, simultaneous=False
        ),
        "votekit.STV": lambda profile, seats: STV(profile, n_seats=seats, exact=True),
    }


def count_votekit(counter: Callable[[Any, int], Any], profile: Any, seats: int) -> Result:
    try:
        election = counter(profile, seats)
        return {"elected": sorted(str(c) for group in election.get_elected() for c in group)}
    except Exception as error:  # votekit refuses some wards (ties it will not break)
        return {"error": f"{type(error).__name__}: {error}"}


def run(
    folder: Path,
    *,
    limit: int | None = None,
    stv_sample: int = 300,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Count every ward (or the first `limit`) both ways and compare."""
    import warnings

    import votekit

    files = ward_files(folder)
    if limit is not None:
        files = dict(list(files.items())[:limit])
    started = time.perf_counter()
    elections, refused = parse_wards(files)
    parse_seconds = time.perf_counter() - started
    progress(f"parsed {len(elections)} wards ({len(refused)} refused) in {parse_seconds:.0f} s")
    declared = load_declared()
    ours: dict[str, Result] = {}
    started = time.perf_counter()
    for ward, election in elections.items():
        ours[ward] = count_ours(election)
    ours_seconds = time.perf_counter() - started
    progress(f"ours: {len(ours)} wards in {ours_seconds:.1f} s")
    sample = set(spread_sample(sorted(elections), stv_sample))
    by_impl: dict[str, dict[str, Result]] = {name: {} for name in votekit_counters()}
    seconds: dict[str, float] = dict.fromkeys(by_impl, 0.0)
    profile_seconds = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, (ward, election) in enumerate(elections.items(), start=1):
            t = time.perf_counter()
            profile = votekit_profile(election)
            profile_seconds += time.perf_counter() - t
            for name, counter in votekit_counters().items():
                if name == "votekit.STV" and ward not in sample:
                    continue
                t = time.perf_counter()
                by_impl[name][ward] = count_votekit(counter, profile, election.seats)
                seconds[name] += time.perf_counter() - t
            if i % 100 == 0:
                progress(f"votekit: {i} of {len(elections)} wards")
    comparisons = {}
    for name, theirs in by_impl.items():
        subset = {w: r for w, r in ours.items() if w in theirs}
        comparisons[name] = {"wards": len(theirs), **compare(subset, theirs, declared)}
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": f"https://github.com/mggg/scot-elex (blt_files/, commit {SCOT_ELEX_COMMIT})",
        "python": platform.python_version(),
        "votekit": getattr(votekit, "__version__", _version("votekit")),
        "seed": SEED,
        "files": len(files),
        "counted_by_ours": len(ours),
        "refused_by_our_reader": refused,
        "ties_broken_by_ours": {w: r["ties"] for w, r in ours.items() if "ties" in r},
        "declared_wards_on_file": len(declared),
        "ours_matches_every_declaration": all(
            ours[w]["elected"] == sorted(names) for w, names in declared.items() if w in ours
        ),
        "seconds": {
            "our_parse": round(parse_seconds, 2),
            "ours": round(ours_seconds, 2),
            "votekit_profiles": round(profile_seconds, 2),
            **{name: round(s, 2) for name, s in seconds.items()},
        },
        "comparisons": comparisons,
    }


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def summary_lines(report: Mapping[str, Any]) -> Iterable[str]:
    yield f"{report['counted_by_ours']} of {report['files']} wards counted by ours"
    for name, c in report["comparisons"].items():
        yield (
            f"{name}: {c['wards']} wards, {c['agreements']} agree, {c['differences']} differ, "
            f"{len(c['failed'])} failed; verdicts {c['verdicts']}"
        )
        for d in c["differing_wards"]:
            only = f"ours +{d['only_ours']} theirs +{d['only_theirs']}"
            yield f"  {d['ward']}: {only} ({d['verdict']})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="scot-elex blt_files folder (else $GOVERNANCE_SCOT_ELEX)")
    parser.add_argument("--output", default=str(ROOT / "benchmarks/results/stv_crosscheck.json"))
    parser.add_argument("--limit", type=int, help="only the first N wards (a quick look)")
    parser.add_argument("--stv-sample", type=int, default=300,
                        help="wards also counted by votekit.STV (slow): evenly spread")  # fmt: skip
    args = parser.parse_args(argv)
    try:
        import votekit  # noqa: F401
    except ImportError:
        print("votekit is not installed here: run `make crosscheck`, which puts it in "
              ".venv-crosscheck.", file=sys.stderr)  # fmt: skip
        return 2
    report = run(data_dir(args.data), limit=args.limit, stv_sample=args.stv_sample,
                 progress=lambda line: print(line, file=sys.stderr, flush=True))  # fmt: skip
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in summary_lines(report):
        print(line)
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
