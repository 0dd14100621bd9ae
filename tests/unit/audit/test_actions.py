"""Every action the code writes to the chain is in the one registry."""

import re
from pathlib import Path

from governance.audit.actions import Action

SOURCE = Path(__file__).resolve().parents[3] / "governance"
REGISTRY = SOURCE / "audit" / "actions.py"
# `action=` given a string literal (either quote, any spacing), as an audit entry's action.
LITERAL = re.compile(r"""\baction\s*=\s*[rbuf]*(["'][^"']*["'])""")
# argparse's own `action=` words (the CLI's flags), which are not audit actions.
ARGPARSE_ACTIONS = {f'"{a}"' for a in ("store_true", "store_false", "store_const", "count")}


def test_no_action_is_written_as_a_bare_string_outside_the_registry() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}: {match}"
        for path in SOURCE.rglob("*.py")
        if "piccolo_migrations" not in path.parts and path != REGISTRY
        for match in LITERAL.findall(path.read_text())
        if match not in ARGPARSE_ACTIONS
    ]
    assert offenders == [], "use governance.audit.actions.Action"


def test_names_are_unique_and_read_area_dot_event() -> None:
    values = [a.value for a in Action]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", v) for v in values)
