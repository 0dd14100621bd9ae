"""Running the JavaScript side of the verifiable ballots from pytest: the served browser code
(static/js/verifiable/, through js_bridge.mjs) and the independent verifier (tools/verify-js/).

Both need node and what `make js` installs (node_modules/ and static/vendor/). Without them the
tests skip with the reason locally and fail under `CI`, where `make test` has installed them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
BRIDGE = Path(__file__).with_name("js_bridge.mjs")
RECORDS = Path(__file__).with_name("js_records.mjs")
VERIFIER = ROOT / "tools" / "verify-js" / "verify.mjs"
NODE = shutil.which("node")


def unavailable() -> str | None:
    """Why the JavaScript cannot run here, or None."""
    if NODE is None:
        return "node is not installed (Debian: apt-get install nodejs; it needs v20.19 or later)"
    for needed in ("node_modules/@noble/curves", "static/vendor/manifest.json"):
        if not (ROOT / needed).exists():
            return f"{needed} is missing: run `make js` (npm ci from package-lock.json)"
    return None


def require_node() -> None:
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the JavaScript cannot run: {reason}", pytrace=False)
    pytest.skip(f"JavaScript tests skipped: {reason}")


def bridge(op: str, **request: Any) -> Any:
    """One request to the browser code running in node; its JSON answer."""
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(BRIDGE)],
        input=json.dumps({"op": op, **request}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def verify_records_js(records: list[Any], processes: int = 2) -> list[dict[str, Any]]:
    """The Node verifier's {faults, summary} for each record, in `processes` node processes
    side by side (a record takes node about half a second)."""
    assert NODE is not None
    shares = [records[i::processes] for i in range(processes)]
    running = [
        subprocess.Popen(
            [NODE, str(RECORDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in shares
    ]
    answers = []
    for process, share in zip(running, shares, strict=True):
        out, err = process.communicate(json.dumps(share), timeout=120)
        assert process.returncode == 0, err
        answers.append(json.loads(out))
    # Interleave the shares back into the records' order.
    return [answers[i % processes][i // processes] for i in range(len(records))]


def verify_js(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`node tools/verify-js/verify.mjs [OPTIONS] PATH`: its exit status and output."""
    assert NODE is not None
    return subprocess.run(
        [NODE, str(VERIFIER), *options, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
