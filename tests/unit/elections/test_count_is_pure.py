"""The count loads no framework, ORM, database driver, settings or clock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("litestar", "piccolo", "asyncpg", "aiosqlite", "sqlite3", "governance.db",
             "governance.settings", "governance.clock", "governance.runtime")  # fmt: skip


def test_importing_and_running_the_count_loads_nothing_impure() -> None:
    code = (
        "import sys\n"
        "from governance.elections.count import count_stv, parse_blt\n"
        "count_stv(parse_blt('2 1\\n1 1 0\\n0\\nA\\nB\\n'), seed='s')\n"
        f"bad = {FORBIDDEN!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.stdout.strip() == "[]"
