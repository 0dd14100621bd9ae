"""Settings: one typed object from the environment, safe by default, never read at import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.settings import Settings, SettingsError

KEY = "k" * 48


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(SettingsError, match="GOVERNANCE_SECRET_KEY"):
        Settings(env="production")
    with pytest.raises(SettingsError, match="GOVERNANCE_SECRET_KEY"):
        Settings.from_env({"GOVERNANCE_ENV": "production"})


def test_production_refuses_a_short_secret_key() -> None:
    with pytest.raises(SettingsError, match="32"):
        Settings(env="production", secret_key="short")


def test_production_is_the_default_environment() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({})


def test_production_refuses_fast_hashing() -> None:
    with pytest.raises(SettingsError, match="fast"):
        Settings(env="production", secret_key=KEY, password_hashing="fast")
    with pytest.raises(SettingsError, match="fast"):
        Settings.from_env(
            {
                "GOVERNANCE_ENV": "production",
                "GOVERNANCE_SECRET_KEY": KEY,
                "GOVERNANCE_PASSWORD_HASHING": "fast",
            }
        )


def test_fast_hashing_is_allowed_in_tests_and_development() -> None:
    assert Settings(env="test", password_hashing="fast").password_hashing == "fast"
    assert Settings(env="development", password_hashing="fast").password_hashing == "fast"


def test_unknown_environment_and_hashing_profile_are_refused() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"GOVERNANCE_ENV": "staging"})
    with pytest.raises(SettingsError):
        Settings.from_env({"GOVERNANCE_ENV": "test", "GOVERNANCE_PASSWORD_HASHING": "none"})


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(SettingsError, match="sqlite"):
        Settings(env="test", database_url="mysql://x")


def test_from_env_reads_every_variable() -> None:
    settings = Settings.from_env(
        {
            "GOVERNANCE_ENV": "production",
            "GOVERNANCE_SECRET_KEY": KEY,
            "GOVERNANCE_DATABASE_URL": "postgresql://u@db:5432/gov",
            "GOVERNANCE_REDIS_URL": "redis://cache:6379/0",
            "GOVERNANCE_DATA_DIR": "/srv/gov",
            "HOST": "192.0.2.10",
            "PORT": "9000",
        }
    )
    assert settings.env == "production"
    assert settings.secret_key == KEY
    assert settings.database_url == "postgresql://u@db:5432/gov"
    assert settings.is_postgres
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.data_dir == Path("/srv/gov")
    assert (settings.host, settings.port) == ("192.0.2.10", 9000)
    assert settings.password_hashing == "standard"


def test_from_env_defaults_and_an_empty_redis_url() -> None:
    settings = Settings.from_env({"GOVERNANCE_ENV": "development", "GOVERNANCE_REDIS_URL": ""})
    assert settings.database_url == "sqlite:///governance.db"
    assert settings.sqlite_path == "governance.db"
    assert settings.redis_url is None
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    # Development gets a generated key, different per process.
    assert len(settings.secret_key) >= 32


def test_cookies_are_secure_in_production_only() -> None:
    assert Settings(env="production", secret_key=KEY).secure_cookies is True
    assert Settings(env="development").secure_cookies is False
    assert Settings(env="test").secure_cookies is False


def test_with_overrides_validates_again() -> None:
    base = Settings(env="test")
    with pytest.raises(SettingsError):
        base.with_overrides(env="production")
    assert base.with_overrides(port=1234).port == 1234


def test_nothing_reads_the_environment_at_import() -> None:
    """Importing every module with a nonsensical environment must not fail."""
    env = {
        **os.environ,
        "GOVERNANCE_ENV": "nonsense",
        "GOVERNANCE_DATABASE_URL": "nonsense://",
        "GOVERNANCE_PASSWORD_HASHING": "nonsense",
        "PORT": "not-a-number",
    }
    code = (
        "import governance.app, governance.cli, governance.settings, governance.db, "
        "governance.demo, governance.backup\n"
        "from governance.app import create_app\n"
        "print('imported')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "imported" in done.stdout


def test_the_cli_refuses_production_without_a_key_and_says_why(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        {"GOVERNANCE_ENV": "production", "GOVERNANCE_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    done = subprocess.run(
        [sys.executable, "-m", "governance.cli", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "GOVERNANCE_SECRET_KEY" in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_time_zone_defaults_to_london_and_is_read_from_the_environment() -> None:
    assert Settings(env="test").time_zone == "Europe/London"
    settings = Settings.from_env(
        {"GOVERNANCE_ENV": "test", "GOVERNANCE_TIME_ZONE": "Europe/Dublin"}
    )
    assert settings.time_zone == "Europe/Dublin"
    assert settings.zone.key == "Europe/Dublin"


def test_an_unknown_time_zone_refuses_to_start_and_says_what_to_write() -> None:
    with pytest.raises(SettingsError, match=r"GOVERNANCE_TIME_ZONE.*Europe/London"):
        Settings(env="test", time_zone="Mars/Olympus")
    with pytest.raises(SettingsError, match="GOVERNANCE_TIME_ZONE"):
        Settings(env="test", time_zone="../../etc/passwd")
