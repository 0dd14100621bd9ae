"""The README names the Debian packages that scripts/install-system-packages.sh installs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_names_every_package_the_script_installs() -> None:
    script = (ROOT / "scripts" / "install-system-packages.sh").read_text()
    found = re.search(r'^PACKAGES="([^"]+)"', script, re.M)
    assert found
    packages = found.group(1).split()
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= set(packages)  # what WeasyPrint loads
    assert "libsodium23" in packages  # what pysodium loads (governance.verifiable)
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^sudo apt-get install (.+)$", readme, re.M)
    assert command, "the README gives the one command"
    assert command.group(1).split() == packages
    assert "make system-packages" in readme
    assert "system-packages:" in (ROOT / "Makefile").read_text()
