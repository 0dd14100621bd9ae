"""Infrastructure and the audit log import no domain: loading them loads no domain module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DOMAINS = ("members", "motions", "voting", "minutes", "decisions", "web")


def test_db_and_audit_load_no_domain_package() -> None:
    code = (
        "import sys\n"
        "import governance.db, governance.audit.service, governance.audit.rules\n"
        f"domains = {DOMAINS!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[:2][-1] in domains"
        " and m.startswith('governance.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "[]"
