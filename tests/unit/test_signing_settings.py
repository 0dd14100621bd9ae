"""Where the checkpoint signing key lives, the log's origin, and start-up without a key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.settings import Settings, SettingsError
from governance.signing import SigningKeyError

SECRET = "s" * 40


def test_the_key_file_defaults_beside_the_database_or_in_the_data_dir(tmp_path: Path) -> None:
    sqlite = Settings(database_url=f"sqlite:///{tmp_path}/gov.db", env="test")
    assert sqlite.signing_key_path == tmp_path / "signing-key.pem"
    pg = Settings(database_url="postgresql://x/y", env="test", data_dir=tmp_path / "d")
    assert pg.signing_key_path == tmp_path / "d" / "signing-key.pem"
    chosen = Settings.from_env(
        {
            "GOVERNANCE_ENV": "test",
            "GOVERNANCE_SIGNING_KEY_FILE": str(tmp_path / "k.pem"),
            "GOVERNANCE_LOG_ORIGIN": "gov.example.org",
        }
    )
    assert chosen.signing_key_path == tmp_path / "k.pem"
    assert chosen.log_origin == "gov.example.org"
    assert Settings(env="test").log_origin == "governance"


@pytest.mark.parametrize("origin", ["", "a b", "a+b", "a/b"])
def test_an_unusable_origin_is_refused(origin: str) -> None:
    with pytest.raises(SettingsError):
        Settings(env="test", log_origin=origin)


def test_production_refuses_to_start_without_the_key(tmp_path: Path) -> None:
    from governance.app import create_app

    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/gov.db", env="production", secret_key=SECRET
    )
    with pytest.raises(SigningKeyError, match="governance keys init"):
        create_app(settings)
    assert not settings.signing_key_path.exists()
    # Development and tests make it on first start, once.
    create_app(settings.with_overrides(env="test"))
    made = settings.signing_key_path.read_bytes()
    create_app(settings.with_overrides(env="test"))
    assert settings.signing_key_path.read_bytes() == made
    create_app(settings)  # now production starts


def test_keys_init_creates_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        GOVERNANCE_ENV="production",
        GOVERNANCE_SECRET_KEY=SECRET,
        GOVERNANCE_SIGNING_KEY_FILE=str(tmp_path / "keys" / "signing.pem"),
    )

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "governance.cli", "keys", "init"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    first = run()
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "keys" / "signing.pem").stat().st_mode & 0o077 == 0
    second = run()
    assert second.returncode == 1 and "already exists" in second.stderr
