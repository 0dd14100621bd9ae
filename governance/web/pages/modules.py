"""The `<script type="module">` tags for the browser's verifiable-ballot code, with subresource
integrity on every file of the module graph, under the site's CSP unchanged (`script-src 'self'`).

A module script's `integrity` attribute covers that one file; the modules it imports are fetched
by URL with no attribute of their own. So the page also names every file of the graph in a
`<link rel="modulepreload" integrity=...>`: the browser fetches and checks each into its module
map, and an import of that URL uses the entry there; a file that fails its check fails the whole
graph (tests/browser/test_verifiable_modules.py alters one in transit). An import map's
`integrity` section would do the same, but an import map is an inline script, which the CSP
forbids.

The vendored noble files' hashes come from static/vendor/manifest.json (written by `make js` as
it copies them from node_modules); our own files under static/js/verifiable/ are hashed here.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path

from markupsafe import Markup

import governance

STATIC_DIR = Path(governance.__file__).resolve().parent.parent / "static"
VENDOR = STATIC_DIR / "vendor"
MANIFEST = VENDOR / "manifest.json"
OWN = STATIC_DIR / "js" / "verifiable"


class ModulesMissing(RuntimeError):
    """static/vendor/ has not been made: `make js` (run by `make run` and `make test`) makes it."""


def sri(data: bytes) -> str:
    """The subresource-integrity value of these bytes (SHA-384, as the pages use)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


@cache
def module_integrity() -> dict[str, str]:
    """URL path -> integrity, for every file the verifiable-ballot pages load."""
    try:
        manifest = json.loads(MANIFEST.read_text())
    except FileNotFoundError:
        raise ModulesMissing(
            f"{MANIFEST} is missing: run `make js` to install the browser's cryptography"
        ) from None
    files = {f"/static/vendor/{name}": value for name, value in manifest["files"].items()}
    for path in sorted(OWN.glob("*.js")):
        files[f"/static/js/verifiable/{path.name}"] = sri(path.read_bytes())
    return files


@cache
def module_tags(entry: str) -> Markup:
    """The preloads (each with its integrity) and the module static/js/verifiable/`entry`."""
    files = module_integrity()
    src = f"/static/js/verifiable/{entry}"
    if src not in files:
        raise ValueError(f"{entry} is not a file in static/js/verifiable/")
    link = Markup('<link rel="modulepreload" href="{}" integrity="{}">')
    links = [link.format(path, value) for path, value in files.items() if path != src]
    script = Markup('<script type="module" src="{}" integrity="{}"></script>').format(
        src, files[src]
    )
    return Markup("\n").join([*links, script])
