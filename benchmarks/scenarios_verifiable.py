"""The verifiable-ballot benchmark (issue 15): ours beside Debian's belenios-tool, in one run.

* (a) `browser`: a ballot encrypted and proved in Debian's Chromium (Playwright) with the CPU
  throttled 6x (CDP `Emulation.setCPUThrottlingRate`), a motion (3 options, exactly one) and an
  approval ballot (4 candidates, approve 1 to 3: the question given to belenios below). The
  modules come from a real server (`governance serve`), imported on /verifiable/check's page;
  each ballot is `makeBallot` and its tracker, timed in the page. Goal: under 1 s.
* (b) `verify`: checking one cast ballot on the server. Ours: `json.loads` and
  `motion_ballot_faults` / `approval_ballot_faults` (parse, the 0-or-1 proof of each option,
  the proof about their sum: docs/VERIFY.md 7.3). Belenios: `belenios-tool election verify` on an
  archive of VERIFY_BALLOTS ballots minus the same on an archive of none (its fixed cost), over
  VERIFY_BALLOTS. Goal: ours under a third of belenios's per ballot.
* (c) `tally`: TALLY_BALLOTS motion ballots, 3 trustees, any 2 decrypt: the encrypted tally,
  two trustees' partial decryptions, the result, and the full public verification
  (`verify_record` on the record read back from JSON); belenios does its own
  compute-encrypted-tally, decrypt-threshold twice, compute-result and verify on as many.

Belenios 2.0 (Debian's package) knows only finite-field groups, so it runs in its default
BELENIOS-2048; ours is ristretto255. The ratios compare the two systems as shipped, not the
same arithmetic. Belenios also checks each ballot's credential signature, which ours has no
need of (a ballot is cast in a signed-in session, docs/VERIFY.md): said beside the figures.

Without belenios-tool (`scripts/ensure-belenios.sh`) ours is measured alone and the figures say
so; without Chromium the browser part says why it did not run. Nothing here needs a database:
the figures are filed under "sqlite" only so that the runner runs this once, and are also
written to benchmarks/results/verifiable.json.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "verifiable.json"
BELENIOS = os.environ.get("GOVERNANCE_BELENIOS", "belenios-tool")
BELENIOS_GROUP = "BELENIOS-2048"
CHROMIUM = os.environ.get("GOVERNANCE_CHROMIUM", "/usr/bin/chromium")
THROTTLE = 6
BROWSER_BALLOTS = 9  # timed in the page, after one untimed warm-up ballot of each kind
VERIFY_BALLOTS = 200
VERIFY_REPEATS = 5
TALLY_BALLOTS = 5_000
TRUSTEES, THRESHOLD = 3, 2
MOTION_ANSWERS = ("yes", "no", "abstain")
CANDIDATES = ("Ada", "Grace", "Edsger", "Barbara")
APPROVE_MIN, APPROVE_MAX = 1, 3
MOTION_ID, APPROVAL_ID = "bench/motion", "bench/approval"


# --- pure helpers (tests/unit/test_bench_verifiable.py) ----------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def ratio(theirs: float | None, ours: float | None) -> float | None:
    """theirs / ours, two places: above 1, ours is faster."""
    if theirs is None or not ours:
        return None
    return round(theirs / ours, 2)


def per_ballot(fixed_seconds: float, full_seconds: float, ballots: int) -> float:
    """The cost of one more ballot: (full - fixed) / ballots, never below zero."""
    if ballots < 1:
        raise ValueError("need at least one ballot")
    return max(full_seconds - fixed_seconds, 0.0) / ballots


def motion_votes(n: int) -> list[str]:
    """A fixed spread of n motion votes: three yes, one no, one abstain in every five."""
    pattern = ("yes", "yes", "no", "yes", "abstain")
    return [pattern[i % len(pattern)] for i in range(n)]


def approval_votes(n: int) -> list[list[bool]]:
    """A fixed spread of n approval ballots over CANDIDATES, each approving 1 to 3."""
    patterns = (
        [True, False, True, False],
        [False, True, False, False],
        [True, True, True, False],
        [False, False, False, True],
    )
    return [list(patterns[i % len(patterns)]) for i in range(n)]


def count_motion(votes: Sequence[str]) -> dict[str, int]:
    return {answer: sum(1 for v in votes if v == answer) for answer in MOTION_ANSWERS}


def belenios_template(name: str, answers: Sequence[str], minimum: int, maximum: int) -> str:
    """An election template for `belenios-tool setup make-election`: one homomorphic question."""
    question = {"question": name, "answers": list(answers), "min": minimum, "max": maximum}
    return json.dumps(
        {
            "name": name,
            "description": "governance benchmark",
            "questions": [question],
            "administrator": "benchmark",
            "credential_authority": "benchmark",
        }
    )


def belenios_motion_choice(vote: str) -> str:
    """A motion vote as belenios's ballot choices: one array of 0/1 per question."""
    return json.dumps([[1 if answer == vote else 0 for answer in MOTION_ANSWERS]])


def belenios_approval_choice(approvals: Sequence[bool]) -> str:
    return json.dumps([[1 if a else 0 for a in approvals]])


def parse_privcreds(text: str) -> list[str]:
    """The private credentials in a `.privcreds` file: lines of `id credential`."""
    creds = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(f"not an `id credential` line: {line!r}")
        creds.append(parts[1])
    return creds


def parse_belenios_result(text: str, answers: Sequence[str]) -> dict[str, int]:
    """`compute-result`'s output, {"result": [[n, ...]]}, as counts by answer."""
    data = json.loads(text)
    rows = data["result"]
    if len(rows) != 1 or len(rows[0]) != len(answers):
        raise ValueError(f"expected one question of {len(answers)} answers, got {rows!r}")
    return dict(zip(answers, (int(n) for n in rows[0]), strict=True))


def belenios_verified(output: str) -> bool:
    """Did `belenios-tool election verify` say every check passed?"""
    return "all checks passed" in output


def belenios_missing() -> str | None:
    """Why belenios cannot be compared here, or None."""
    if shutil.which(BELENIOS) is None:
        return (
            f"{BELENIOS} is not installed: ours alone "
            "(scripts/ensure-belenios.sh, or apt-get install belenios-tool, to compare)"
        )
    return None


def chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (scripts/ensure-chromium.sh)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


# --- ours ----------------------------------------------------------------------------------


def our_election(election_id: str, seed: str = "bench") -> tuple[Any, dict[int, int], Any]:
    """Commitments, key shares and election key of a 2-of-3 ceremony (seeded, for benchmarks)."""
    from governance.verifiable.threshold import deal, election_public_key, key_share, share_for
    from tests.unit.verifiable.seeded import SeededRng

    rng = SeededRng(f"{seed}/{election_id}")
    dealt = [deal(i, THRESHOLD, TRUSTEES, election_id, rng) for i in range(1, TRUSTEES + 1)]
    shares = {
        j: key_share({p.trustee: share_for(p, j) for p, _ in dealt}) for j in range(1, TRUSTEES + 1)
    }
    commitments = [c for _, c in dealt]
    return commitments, shares, election_public_key(commitments)


def our_motion_ballots(y: Any, votes: Sequence[str], seed: str = "bench") -> list[Any]:
    """One encrypted motion ballot per vote (seeded randomness: a benchmark, never a vote)."""
    from governance.verifiable.ballot import encrypt_motion_ballot
    from tests.unit.verifiable.seeded import SeededRng

    rng = SeededRng(f"{seed}/ballots")
    return [encrypt_motion_ballot(y, MOTION_ID, v, rng)[0] for v in votes]


def our_approval_ballots(y: Any, votes: Sequence[Sequence[bool]], seed: str = "bench") -> list[Any]:
    from governance.verifiable.ballot import encrypt_approval_ballot
    from tests.unit.verifiable.seeded import SeededRng

    rng = SeededRng(f"{seed}/approval-ballots")
    return [
        encrypt_approval_ballot(y, APPROVAL_ID, v, APPROVE_MIN, APPROVE_MAX, rng)[0] for v in votes
    ]


def ours_verify(n: int = VERIFY_BALLOTS, repeats: int = VERIFY_REPEATS) -> dict[str, Any]:
    """Seconds per ballot, median over repeats, to read one cast ballot's JSON and check it."""
    from governance.verifiable.ballot import approval_ballot_faults, motion_ballot_faults

    out: dict[str, Any] = {}
    _, _, y_motion = our_election(MOTION_ID)
    _, _, y_approval = our_election(APPROVAL_ID)
    kinds: dict[str, tuple[list[str], Callable[[Any], list[Any]]]] = {
        "motion": (
            [json.dumps(b.to_json()) for b in our_motion_ballots(y_motion, motion_votes(n))],
            lambda data: motion_ballot_faults(data, y_motion, MOTION_ID),
        ),
        "approval": (
            [json.dumps(b.to_json()) for b in our_approval_ballots(y_approval, approval_votes(n))],
            lambda data: approval_ballot_faults(
                data, y_approval, APPROVAL_ID, len(CANDIDATES), APPROVE_MIN, APPROVE_MAX
            ),
        ),
    }
    for kind, (texts, check) in kinds.items():
        runs = []
        for _ in range(repeats):
            seconds, faults = timed(
                lambda texts=texts, check=check: [check(json.loads(t)) for t in texts]
            )
            if any(faults):
                raise RuntimeError(f"an honest {kind} ballot did not verify: {faults}")
            runs.append(seconds / len(texts))
        out[kind] = median(runs)
    return out


def ours_tally(n: int = TALLY_BALLOTS) -> dict[str, Any]:
    """Tally, 2-of-3 decryption, result and full verification of n motion ballots."""
    from governance.verifiable.ballot import encrypted_tally
    from governance.verifiable.record import CastBallot, Question, build_record, verify_record
    from governance.verifiable.threshold import partial_decrypt
    from tests.unit.verifiable.seeded import SeededRng

    votes = motion_votes(n)
    commitments, shares, y = our_election(MOTION_ID)
    make_seconds, ballots = timed(lambda: our_motion_ballots(y, votes))
    question = Question.motion()
    labels = question.labels
    tally_seconds, tally = timed(lambda: encrypted_tally(ballots, len(labels)))
    rng = SeededRng("bench/decrypt")

    def decrypt() -> dict[str, list[Any]]:
        return {
            label: [partial_decrypt(shares[j], j, y, ct, MOTION_ID, label, rng) for j in (1, 2)]
            for label, ct in zip(labels, tally, strict=True)
        }

    decrypt_seconds, partials = timed(decrypt)
    result_seconds, record = timed(
        lambda: build_record(
            election_id=MOTION_ID,
            question=question,
            threshold=THRESHOLD,
            commitments=commitments,
            ballots=[CastBallot(b) for b in ballots],
            partials=partials,
        )
    )
    text = json.dumps(record)
    verify_seconds, faults = timed(lambda: verify_record(json.loads(text)))
    if faults:
        raise RuntimeError(f"our record did not verify: {faults[:3]}")
    counts = {row["label"]: row["count"] for row in record["result"]}  # type: ignore[attr-defined]
    if counts != count_motion(votes):
        raise RuntimeError(f"our count {counts} is not the votes' {count_motion(votes)}")
    return {
        "ballots": n,
        "make_ballots_s": round(make_seconds, 2),
        "tally_s": round(tally_seconds, 3),
        "decrypt_2_of_3_s": round(decrypt_seconds, 3),
        "result_and_record_s": round(result_seconds, 3),
        "verify_record_s": round(verify_seconds, 2),
        "total_s": round(tally_seconds + decrypt_seconds + result_seconds + verify_seconds, 2),
        "record_mb": round(len(text) / 1e6, 1),
        "result": counts,
    }


# --- belenios ------------------------------------------------------------------------------


class BeleniosElection:
    """One belenios election in a folder, set up as Debian's demo-threshold.sh does (3 trustees,
    any 2 decrypt, no server key), run through belenios-tool."""

    def __init__(self, folder: Path, template: str, voters: int) -> None:
        self.folder = folder
        self.env = {**os.environ, "BELENIOS_USE_URANDOM": "1", "TERM": "dumb"}
        self.uuid = self.run("setup", "generate-token").strip()
        group = ("--group", BELENIOS_GROUP)
        uuid = ("--uuid", self.uuid)
        self.run("setup", "generate-credentials", *uuid, *group, "--count", str(max(voters, 1)))
        [pub] = folder.glob("*.pubcreds")
        pub.rename(folder / "public_creds.json")
        [priv] = folder.glob("*.privcreds")
        self.creds = parse_privcreds(priv.read_text())
        priv.unlink()
        step = ("setup", "generate-trustee-key-threshold", *group)
        for _ in range(TRUSTEES):
            self.run(*step, "--step", "1")
        certs = "".join(p.read_text() for p in sorted(folder.glob("*.cert")))
        (folder / "certs.jsons").write_text(certs)
        self.run(*step, "--certs", "certs.jsons", "--step", "2")
        self.keys = sorted(folder.glob("*.key"))
        polynomials = "".join(
            self.run(*step, "--certs", "certs.jsons", "--key", k.name, "--step", "3",
                     "--threshold", str(THRESHOLD))
            for k in self.keys
        )  # fmt: skip
        (folder / "polynomials.jsons").write_text(polynomials)
        self.run(*step, "--certs", "certs.jsons", "--step", "4",
                 "--polynomials", "polynomials.jsons")  # fmt: skip
        outputs = "".join(
            self.run(*step, "--certs", "certs.jsons", "--key", k.name, "--step", "5",
                     stdin=k.with_suffix(".vinput").read_text())
            for k in self.keys
        )  # fmt: skip
        threshold = self.run(
            *step, "--certs", "certs.jsons", "--step", "6", "--polynomials", "polynomials.jsons",
            stdin=outputs,
        )  # fmt: skip
        (folder / "threshold.json").write_text(threshold)
        (folder / "public_keys.jsons").write_text("")
        self.run("setup", "make-trustees")
        (folder / "threshold.json").unlink()
        (folder / "template.json").write_text(template)
        self.run("setup", "make-election", *uuid, *group, "--template", "template.json")
        self.run("archive", "init")
        for name in ("election.json", "trustees.json", "public_creds.json"):
            (folder / name).unlink()

    def run(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [BELENIOS, *args], cwd=self.folder, env=self.env, input=stdin,
            capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"belenios-tool {' '.join(args)}: {done.stderr.strip()[-500:]}")
        return done.stdout

    def run_both(self, *args: str, stdin: str | None = None) -> str:
        """stdout and stderr together (verify reports on stderr)."""
        done = subprocess.run(
            [BELENIOS, *args], cwd=self.folder, env=self.env, input=stdin,
            capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"belenios-tool {' '.join(args)}: {done.stderr.strip()[-500:]}")
        return done.stdout + done.stderr

    def generate(self, choices: Sequence[str]) -> tuple[float, list[str]]:
        """Seconds per ballot and the ballots, one voter's credential each, two at a time."""
        if len(choices) > len(self.creds):
            raise ValueError("more ballots than credentials")
        work = self.folder / "work"
        work.mkdir(exist_ok=True)

        def one(i: int) -> str:
            (work / f"{i}.cred").write_text(self.creds[i] + "\n")
            (work / f"{i}.choice").write_text(choices[i] + "\n")
            return self.run(
                "election", "generate-ballot",
                "--privcred", f"work/{i}.cred", "--ballot", f"work/{i}.choice",
            )  # fmt: skip

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            ballots = list(pool.map(one, range(len(choices))))
        seconds = time.perf_counter() - started
        shutil.rmtree(work)
        return (seconds * 2 / len(choices) if choices else 0.0), ballots

    def add(self, kind: str, payload: str = "") -> None:
        self.run("archive", "add-event", f"--type={kind}", stdin=payload)

    def verify(self) -> float:
        seconds, output = timed(lambda: self.run_both("election", "verify"))
        if not belenios_verified(output):
            raise RuntimeError(f"belenios-tool election verify did not pass: {output[-300:]}")
        return seconds

    def tally(self, answers: Sequence[str]) -> dict[str, Any]:
        """End the vote, then time its tally, 2-of-3 decryption, result and verification."""
        self.add("EndBallots")
        tally_s, tally = timed(lambda: self.run("election", "compute-encrypted-tally"))
        self.add("EncryptedTally", tally)
        decrypt_s = 0.0
        for trustee, key in enumerate(self.keys[:THRESHOLD], start=1):
            decrypt = (
                "election", "decrypt-threshold", "--key", key.name,
                "--decryption-key", key.with_suffix(".dkey").name, "--trustee-id", str(trustee),
            )  # fmt: skip
            seconds, partial = timed(lambda decrypt=decrypt: self.run(*decrypt))
            decrypt_s += seconds
            self.add("PartialDecryption", partial)
        result_s, result = timed(lambda: self.run("election", "compute-result"))
        self.add("Result", result)
        verify_s = self.verify()
        return {
            "tally_s": round(tally_s, 2),
            "decrypt_2_of_3_s": round(decrypt_s, 2),
            "result_s": round(result_s, 2),
            "verify_s": round(verify_s, 2),
            "total_s": round(tally_s + decrypt_s + result_s + verify_s, 2),
            "result": parse_belenios_result(result, answers),
        }


def belenios_verify(
    n: int = VERIFY_BALLOTS, repeats: int = VERIFY_REPEATS
) -> dict[str, Any]:  # fmt: skip
    """Per ballot, `verify` on n ballots minus `verify` on none, over n; medians of repeats."""
    out: dict[str, Any] = {}
    questions = {
        "motion": (
            belenios_template("Carry the motion?", MOTION_ANSWERS, 1, 1),
            [belenios_motion_choice(v) for v in motion_votes(n)],
        ),
        "approval": (
            belenios_template("Elect the board", CANDIDATES, APPROVE_MIN, APPROVE_MAX),
            [belenios_approval_choice(v) for v in approval_votes(n)],
        ),
    }
    for kind, (template, choices) in questions.items():
        with tempfile.TemporaryDirectory(prefix="gov-belenios-") as tmp:
            election = BeleniosElection(Path(tmp), template, n)
            empty = [election.verify() for _ in range(repeats)]
            generate_s, ballots = election.generate(choices)
            for ballot in ballots:
                election.add("Ballot", ballot)
            full = [election.verify() for _ in range(repeats)]
        out[kind] = {
            "per_ballot_s": per_ballot(median(empty), median(full), n),
            "fixed_s": round(median(empty), 3),
            "full_s": round(median(full), 3),
            "generate_ballot_s": round(generate_s, 4),
        }
    return out


def belenios_tally(n: int = TALLY_BALLOTS) -> dict[str, Any]:
    template = belenios_template("Carry the motion?", MOTION_ANSWERS, 1, 1)
    votes = motion_votes(n)
    with tempfile.TemporaryDirectory(prefix="gov-belenios-") as tmp:
        election = BeleniosElection(Path(tmp), template, n)
        generate_s, ballots = election.generate([belenios_motion_choice(v) for v in votes])
        add_s, _ = timed(lambda: [election.add("Ballot", b) for b in ballots])
        figures = election.tally(MOTION_ANSWERS)
        archive = next(Path(tmp).glob("*.bel")).stat().st_size
    if figures["result"] != count_motion(votes):
        raise RuntimeError(f"belenios's count {figures['result']} is not {count_motion(votes)}")
    return {
        "ballots": n,
        "generate_ballots_s": round(generate_s * n / 2, 1),
        "add_ballots_s": round(add_s, 1),
        "archive_mb": round(archive / 1e6, 1),
        **figures,
    }


# --- the browser ----------------------------------------------------------------------------

BROWSER_SCRIPT = """async ({ballots, candidates, min, max}) => {
  const v = await import('/static/js/verifiable/index.js');
  const { y } = v.keyPair();
  const motion = v.motionElection('bench/motion', y);
  const approval = v.approvalElection('bench/approval', y, candidates, min, max);
  const time = (f) => { const t = performance.now(); f(); return (performance.now() - t) / 1000; };
  const kinds = {
    motion: () => v.tracker(v.makeMotionBallot(motion, 'yes').ballot),
    approval: () => v.tracker(v.makeApprovalBallot(approval, [0, 2]).ballot),
  };
  const out = {};
  for (const [kind, make] of Object.entries(kinds)) {
    const first = time(make);
    const runs = [];
    for (let i = 0; i < ballots; i++) runs.push(time(make));
    out[kind] = { first, runs };
  }
  return out;
}"""


def browser(ballots: int = BROWSER_BALLOTS) -> dict[str, Any]:
    """Seconds per ballot in Chromium at 6x CPU throttling, modules from a real server."""
    from playwright.sync_api import sync_playwright

    from benchmarks.server import fresh_database, run_cli, running_server

    with fresh_database("sqlite") as url:
        run_cli(url, "migrate")
        with running_server(url) as server, sync_playwright() as p:
            from tests.browser.conftest import CHROMIUM_ARGS

            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = chromium.new_page()
                response = page.goto(f"{server.url}/verifiable/check")
                if response is None or response.status != 200:
                    raise RuntimeError("/verifiable/check did not load")
                arguments = {"ballots": ballots, "candidates": len(CANDIDATES),
                             "min": APPROVE_MIN, "max": APPROVE_MAX}  # fmt: skip
                # Once unthrottled, to show the throttling took effect; then throttled.
                plain = page.evaluate(BROWSER_SCRIPT, arguments)
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                found = page.evaluate(BROWSER_SCRIPT, arguments)
                version = chromium.version
            finally:
                chromium.close()
    out: dict[str, Any] = {"chromium": version, "cpu_throttling": THROTTLE, "ballots": ballots}
    for kind, times in found.items():
        out[f"{kind}_median_s"] = round(median(times["runs"]), 3)
        out[f"{kind}_first_s"] = round(times["first"], 3)
        out[f"{kind}_max_s"] = round(max(times["runs"]), 3)
    for kind, times in plain.items():
        out[f"{kind}_unthrottled_median_s"] = round(median(times["runs"]), 3)
    out["under_1s"] = all(out[f"{k}_median_s"] < 1 for k in found)
    return out


# --- the scenario ---------------------------------------------------------------------------


def verifiable_ballots(engine: str = "none") -> dict[str, Any]:
    missing = belenios_missing()
    figures: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 0},
        "database": "none (pure computation); filed under sqlite so it runs once",
        "groups": f"ours ristretto255; belenios {BELENIOS_GROUP} (2.0 has no elliptic curve)",
        "questions": f"motion: 3 options, exactly 1; approval: {len(CANDIDATES)} candidates, "
        f"approve {APPROVE_MIN} to {APPROVE_MAX}; {THRESHOLD} of {TRUSTEES} trustees",
    }
    reason = chromium_missing()
    if reason:
        figures["browser"] = f"not run: {reason}"
    else:
        figures["browser"] = browser()

    ours = ours_verify()
    verify: dict[str, Any] = {"ballots": VERIFY_BALLOTS, "repeats": VERIFY_REPEATS}
    theirs = None if missing else belenios_verify()
    for kind, seconds in ours.items():
        verify[f"ours_{kind}_per_ballot_ms"] = round(seconds * 1000, 3)
        if theirs:
            b = theirs[kind]
            verify[f"belenios_{kind}_per_ballot_ms"] = round(b["per_ballot_s"] * 1000, 3)
            verify[f"belenios_{kind}_fixed_s"] = b["fixed_s"]
            verify[f"belenios_{kind}_full_s"] = b["full_s"]
            verify[f"belenios_{kind}_generate_ballot_ms"] = round(b["generate_ballot_s"] * 1000, 1)
            verify[f"ratio_{kind}_belenios_to_ours"] = ratio(b["per_ballot_s"], seconds)
            verify[f"{kind}_ours_under_a_third"] = seconds * 3 < b["per_ballot_s"]
    if missing:
        verify["belenios"] = missing
    else:
        verify["belenios_note"] = (
            "belenios's figure includes each ballot's credential signature check"
        )
    figures["verify"] = verify

    tally: dict[str, Any] = {"ours": ours_tally()}
    if missing:
        tally["belenios"] = missing
    else:
        tally["belenios"] = belenios_tally()
        b, o = tally["belenios"], tally["ours"]
        tally["ratio_total_belenios_to_ours"] = ratio(b["total_s"], o["total_s"])
        tally["ratio_verify_belenios_to_ours"] = ratio(b["verify_s"], o["verify_record_s"])
        tally["results_agree"] = b["result"] == o["result"]
    figures["tally"] = tally
    if missing is None:
        figures["belenios_version"] = _belenios_version()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    return figures


def _belenios_version() -> str:
    done = subprocess.run([BELENIOS, "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


SCENARIOS = {"verifiable_ballots": (verifiable_ballots, ("sqlite",))}
