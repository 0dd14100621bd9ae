"""The count benchmark: our Scottish STV beside votekit's, on the same files, in the same run.

* `elections_count`: (1) 300 real wards of scot-elex, evenly spread over the 1,078 our
  reader accepts, counted one after another; (2) one synthetic election of 5,000 ballots
  and 15 candidates for 5 seats (seeded, written as a BLT file and read back). Each is
  timed as the median of `REPEATS` runs, ours and votekit's, and given as a ratio
  (votekit's median / ours: above 1, ours is faster). Reading the files and building
  votekit's profile are timed apart from counting. The elected sets are compared too.

votekit lives only in `.venv-crosscheck` (`make crosscheck-env`). When it cannot be imported
here, this scenario runs its half in that interpreter (`python -m benchmarks.scenarios_elections
--votekit-worker`), timing inside that process, so the interpreter's start does not count;
when neither is there, ours runs alone and the figures say so. The scot-elex files come
from $GOVERNANCE_SCOT_ELEX or .scot-elex (`make scot-elex`); without them only the synthetic
election is counted.

The count needs no database: the figures are filed under "sqlite" only so that the runner
runs this once.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.stv_crosscheck import (
    ROOT,
    SEED,
    count_votekit,
    data_dir,
    parse_wards,
    spread_sample,
    votekit_profile,
    ward_files,
)

WARDS = 300
BALLOTS, CANDIDATES, SEATS = 5_000, 15, 5
SYNTHETIC_SEED = 14
REPEATS = 3  # medians of this many runs; the machine is shared, so few
CROSSCHECK_PYTHON = ROOT / ".venv-crosscheck" / "bin" / "python"


def synthetic_blt(
    ballots: int = BALLOTS, candidates: int = CANDIDATES, seats: int = SEATS,
    seed: int = SYNTHETIC_SEED,
) -> str:  # fmt: skip
    """A seeded election as BLT (`synthetic_rankings`), one line per ballot."""
    from governance.elections.count import make_election, write_blt

    rows = [(ranking, 1) for ranking in synthetic_rankings(ballots, candidates, seed)]
    names = [f"Candidate {i:02d}" for i in range(1, candidates + 1)]
    election = make_election(names, seats, rows, title=f"Synthetic, seed {seed}")
    return write_blt(election)


def synthetic_rankings(
    ballots: int = BALLOTS, candidates: int = CANDIDATES, seed: int = SYNTHETIC_SEED
) -> list[tuple[int, ...]]:
    """Seeded rankings of candidates 1..`candidates`, drawn Plackett-Luce from uneven
    popularities, most of them short (as Scottish ballots are). The election storm casts
    these too, so its count sees the same kind of box."""
    rng = random.Random(seed)
    popularity = [rng.random() ** 2 + 0.02 for _ in range(candidates)]
    rankings = []
    for _ in range(ballots):
        length = min(candidates, 1 + int(rng.expovariate(1 / 3)))
        left = list(range(1, candidates + 1))
        weights = list(popularity)
        ranking = []
        for _ in range(length):
            i = rng.choices(range(len(left)), weights=weights)[0]
            ranking.append(left.pop(i))
            weights.pop(i)
        rankings.append(tuple(ranking))
    return rankings


def _median_seconds(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, last = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        last = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), last


def _files(wards: int) -> tuple[list[Path], str | None]:
    """`wards` files our reader accepts: an even spread, a refused one replaced by the next."""
    try:
        folder = data_dir(None)
    except SystemExit as missing:
        return [], str(missing)
    files = ward_files(folder)
    names = sorted(files)
    chosen: list[Path] = []
    for first in spread_sample(names, wards):
        for name in names[names.index(first) :]:
            path = files[name]
            if path in chosen:
                continue
            elections, _refused = parse_wards({name: path})
            if elections:
                chosen.append(path)
                break
    return chosen, None


def _load(paths: list[Path], synthetic: Path) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    elections, _refused = parse_wards({p.name.removesuffix(".blt"): p for p in [*paths, synthetic]})
    return elections, time.perf_counter() - started


def ours_half(paths: list[Path], synthetic: Path, repeats: int) -> dict[str, Any]:
    """Our reader and count: seconds (medians) and the elected sets."""
    from governance.elections.count import count_stv

    elections, read_seconds = _load(paths, synthetic)
    syn = elections.pop(synthetic.name.removesuffix(".blt"))

    def all_wards() -> dict[str, list[str]]:
        return {w: sorted(count_stv(e, seed=SEED).elected) for w, e in elections.items()}

    wards_s, wards_elected = _median_seconds(all_wards, repeats)
    syn_s, syn_report = _median_seconds(lambda: count_stv(syn, seed=SEED), repeats)
    return {
        "read_seconds": round(read_seconds, 3),
        "wards": len(elections),
        "wards_count_median_s": round(wards_s, 3),
        "synthetic_count_median_s": round(syn_s, 4),
        "wards_elected": wards_elected,
        "synthetic_elected": sorted(syn_report.elected),  # type: ignore[attr-defined]
    }


def votekit_half(paths: list[Path], synthetic: Path, repeats: int) -> dict[str, Any]:
    """votekit's counts on the same files (read by our reader, then made a RankProfile)."""
    import votekit
    from votekit.elections import STV, FastSTV

    elections, _ = _load(paths, synthetic)
    syn = elections.pop(synthetic.name.removesuffix(".blt"))
    started = time.perf_counter()
    profiles = {w: (votekit_profile(e), e.seats) for w, e in elections.items()}
    syn_profile = votekit_profile(syn)
    profile_seconds = time.perf_counter() - started

    def fast(profile: Any, seats: int) -> Any:
        return FastSTV(profile, n_seats=seats)

    def exact(profile: Any, seats: int) -> Any:
        return STV(profile, n_seats=seats, exact=True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wards_s, wards_elected = _median_seconds(
            lambda: {w: count_votekit(fast, p, s) for w, (p, s) in profiles.items()}, repeats
        )
        syn_fast_s, syn_fast = _median_seconds(
            lambda: count_votekit(fast, syn_profile, syn.seats), repeats
        )
        syn_stv_s, syn_stv = _median_seconds(
            lambda: count_votekit(exact, syn_profile, syn.seats), repeats
        )
    return {
        "votekit": getattr(votekit, "__version__", None) or _version(),
        "profile_seconds": round(profile_seconds, 3),
        "wards_FastSTV_median_s": round(wards_s, 3),
        "synthetic_FastSTV_median_s": round(syn_fast_s, 4),
        "synthetic_STV_exact_median_s": round(syn_stv_s, 4),
        "wards_elected": {
            w: r.get("elected", r.get("error"))
            for w, r in wards_elected.items()  # type: ignore[attr-defined]
        },
        "synthetic_elected": {"FastSTV": syn_fast, "STV": syn_stv},
    }


def _version() -> str:
    from importlib.metadata import version

    return version("votekit")


def _votekit_elsewhere(paths: list[Path], synthetic: Path, repeats: int) -> dict[str, Any]:
    """votekit's half in .venv-crosscheck, when it is not importable here."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec:
        json.dump({"paths": [str(p) for p in paths], "synthetic": str(synthetic),
                   "repeats": repeats}, spec)  # fmt: skip
    done = subprocess.run(
        [str(CROSSCHECK_PYTHON), "-m", "benchmarks.scenarios_elections", "--votekit-worker",
         spec.name],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    Path(spec.name).unlink()
    return json.loads(done.stdout)


def elections_count(engine: str = "none") -> dict[str, Any]:
    paths, missing = _files(WARDS)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "synthetic_5000x15.blt"
        synthetic.write_text(synthetic_blt(), encoding="utf-8")
        ours = ours_half(paths, synthetic, REPEATS)
        theirs: dict[str, Any] | None = None
        how = None
        try:
            import votekit  # noqa: F401

            theirs, how = votekit_half(paths, synthetic, REPEATS), "in this process"
        except ImportError:
            if CROSSCHECK_PYTHON.exists():
                theirs, how = _votekit_elsewhere(paths, synthetic, REPEATS), str(CROSSCHECK_PYTHON)
    figures: dict[str, Any] = {
        "database": "none (the count is pure); filed under sqlite so it runs once",
        "repeats": REPEATS,
        "wards": ours["wards"],
        "wards_note": missing or f"{ours['wards']} scot-elex wards, evenly spread",
        "synthetic": f"{BALLOTS} ballots, {CANDIDATES} candidates, {SEATS} seats, "
        f"seed {SYNTHETIC_SEED}",
        "ours_read_seconds": ours["read_seconds"],
        "ours_wards_count_median_s": ours["wards_count_median_s"],
        "ours_synthetic_count_median_s": ours["synthetic_count_median_s"],
    }
    if theirs is None:
        figures["votekit"] = "not installed: ours alone (make crosscheck-env to compare)"
        return figures
    agree = sum(1 for w, e in ours["wards_elected"].items() if theirs["wards_elected"].get(w) == e)
    figures |= {
        "votekit": theirs["votekit"],
        "votekit_ran": how,
        "votekit_profile_seconds": theirs["profile_seconds"],
        "votekit_wards_FastSTV_median_s": theirs["wards_FastSTV_median_s"],
        "votekit_synthetic_FastSTV_median_s": theirs["synthetic_FastSTV_median_s"],
        "votekit_synthetic_STV_exact_median_s": theirs["synthetic_STV_exact_median_s"],
        "ratio_wards_FastSTV_to_ours": _ratio(
            theirs["wards_FastSTV_median_s"], ours["wards_count_median_s"]
        ),
        "ratio_synthetic_FastSTV_to_ours": _ratio(
            theirs["synthetic_FastSTV_median_s"], ours["synthetic_count_median_s"]
        ),
        "ratio_synthetic_STV_exact_to_ours": _ratio(
            theirs["synthetic_STV_exact_median_s"], ours["synthetic_count_median_s"]
        ),
        "wards_elected_agree": f"{agree} of {ours['wards']}",
        "synthetic_elected_agree": {
            name: result.get("elected") == ours["synthetic_elected"]
            for name, result in theirs["synthetic_elected"].items()
        },
    }
    return figures


def _ratio(theirs: float, ours: float) -> float | None:
    return round(theirs / ours, 2) if ours > 0 else None


SCENARIOS = {"elections_count": (elections_count, ("sqlite",))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--votekit-worker", metavar="SPEC", help="(internal) votekit's half")
    args = parser.parse_args(argv)
    if args.votekit_worker:
        spec = json.loads(Path(args.votekit_worker).read_text())
        paths = [Path(p) for p in spec["paths"]]
        figures = votekit_half(paths, Path(spec["synthetic"]), spec["repeats"])
        print(json.dumps(figures))
        return 0
    print(json.dumps(elections_count(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
