"""The browser's cryptography as vendored by `make js`: the exact versions of the lockfile, and
integrity values on the pages that match the bytes served."""

from __future__ import annotations

import json
import re

import pytest

from governance.web.pages.modules import STATIC_DIR, module_integrity, module_tags, sri
from tests.unit.verifiable.node import ROOT, require_node

pytestmark = pytest.mark.usefixtures("node_ready")


@pytest.fixture(scope="module")
def node_ready() -> None:
    require_node()


def test_package_json_pins_exact_versions_and_the_lockfile_agrees() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package["private"] is True
    assert set(package["dependencies"]) == {"@noble/curves", "@noble/hashes"}
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    manifest = json.loads((STATIC_DIR / "vendor" / "manifest.json").read_text())
    assert manifest["versions"] == package["dependencies"]


def test_every_integrity_value_is_the_hash_of_the_file_served() -> None:
    files = module_integrity()
    assert "/static/vendor/noble/curves/ed25519.js" in files
    assert "/static/js/verifiable/ballot.js" in files
    for path, value in files.items():
        assert value == sri((STATIC_DIR / path.removeprefix("/static/")).read_bytes()), path


def test_the_page_tags_name_every_file_with_its_integrity() -> None:
    tags = str(module_tags("check-page.js"))
    named = dict(re.findall(r'(?:href|src)="([^"]+)" integrity="([^"]+)"', tags))
    assert named == module_integrity()
    assert (
        tags.endswith("</script>")
        and 'type="module" src="/static/js/verifiable/check-page.js"' in tags
    )


def test_no_served_module_imports_a_bare_name_or_another_site() -> None:
    """A browser without an import map resolves only relative (same-origin) imports."""
    statement = re.compile(
        r"^(?:import|export)\b[^;'\"]*?(?:\bfrom\s*|\bimport\s*)['\"]([^'\"]+)['\"]", re.M
    )
    for path in module_integrity():
        text = (STATIC_DIR / path.removeprefix("/static/")).read_text()
        for target in statement.findall(text):
            assert target.startswith("./") or target.startswith("../"), f"{path} imports {target}"
