"""Real-browser tests: the real server (`governance serve`) on a demo database, driven by
Debian's Chromium through Playwright, with axe-core checking every page visited.

Chromium comes from the system (`scripts/ensure-chromium.sh`, run by `make test`); Playwright
never downloads a browser here. Without Chromium (or Playwright) the tests skip with the
reason locally and fail under `CI`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("GOVERNANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
DEMO_PASSWORD = "riverside-demo"


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return (
            f"Chromium is not installed at {CHROMIUM}. Install it with "
            "`apt-get install chromium` (or run scripts/ensure-chromium.sh as root)."
        )
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed; install the test extras (pip install -e '.[test]')."
    return None


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _governance_command() -> list[str]:
    script = Path(sys.executable).with_name("governance")
    if script.exists():
        return [str(script)]
    found = shutil.which("governance")
    return [found] if found else [sys.executable, "-m", "governance.cli"]


@pytest.fixture(scope="session")
def server_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server keeps its SQLite file (`demo.db`): a journey that must move an
    election's timetable on writes to it directly, as the integration tests do."""
    return tmp_path_factory.mktemp("browser-server")


@pytest.fixture(scope="session")
def server(chromium_ready: None, server_folder: Path) -> Iterator[str]:
    """`governance serve` on a free port over a fresh SQLite file seeded by `governance demo`."""
    folder = server_folder
    port = _free_port()
    env = {
        **os.environ,
        "GOVERNANCE_ENV": "test",
        "GOVERNANCE_PASSWORD_HASHING": "fast",
        "GOVERNANCE_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
        "GOVERNANCE_DATA_DIR": str(folder / "data"),
    }
    env.pop("GOVERNANCE_REDIS_URL", None)
    command = _governance_command()
    subprocess.run([*command, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([*command, "demo"], env=env, check=True, capture_output=True, timeout=120)
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"The server exited early:\n{(folder / 'server.log').read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("The server did not start within 60 seconds.")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    """One browser context (one person, one viewport) that checks every page it visits."""

    page: Any
    base: str
    journey: str
    viewport: str
    shots: int = 0

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.check()

    def check(self, name: str | None = None) -> None:
        """axe-core on the page as it is now (zero violations), then a screenshot."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(self.page)
        if results.violations_count:
            pytest.fail(
                f"axe found {results.violations_count} violation(s) on {self.page.url} "
                f"({self.viewport}):\n{results.generate_report()}",
                pytrace=False,
            )
        assert self.page.locator("h1").count() == 1, f"one h1 on {self.page.url}"
        self.shots += 1
        path = self.page.url.removeprefix(self.base).split("?", 1)[0]
        label = name or re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
        folder = ARTIFACTS / self.journey
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(folder / f"{self.viewport}-{self.shots:02d}-{label[-60:]}.png"),
            full_page=True,
        )

    def sign_in(self, email: str, password: str = DEMO_PASSWORD, *, next_path: str = "") -> None:
        self.goto("/sign-in" + (f"?next={next_path}" if next_path else ""))
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.check()

    def click(self, role: str, name: str, *, exact: bool = True) -> None:
        self.page.get_by_role(role, name=name, exact=exact).first.click()
        self.check()


def sign_in_without_script(page: Any, base: str, email: str, next_path: str) -> None:
    """Sign in on a page whose JavaScript is off (so axe, which needs it, is not run) and
    wait to arrive at `next_path`."""
    page.goto(f"{base}/sign-in?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"**{next_path}")


@pytest.fixture(params=list(VIEWPORTS))
def visit(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    """Make `Visit`s for this test at the phone and the desktop viewport."""
    contexts: list[Any] = []
    viewport_name: str = request.param
    journey = request.node.originalname.removeprefix("test_")

    def make() -> Visit:
        context = browser.new_context(viewport=VIEWPORTS[viewport_name])
        contexts.append(context)
        return Visit(page=context.new_page(), base=server, journey=journey, viewport=viewport_name)

    yield make
    for context in contexts:
        context.close()


def keep_screenshot(v: Visit, name: str) -> None:
    """Refresh docs/screenshots/NAME only when asked (GOVERNANCE_SCREENSHOTS=1), so an
    ordinary run leaves the work tree clean."""
    if os.environ.get("GOVERNANCE_SCREENSHOTS"):
        v.page.screenshot(path=f"docs/screenshots/{name}", full_page=True)
