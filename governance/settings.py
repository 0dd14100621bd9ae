"""One typed settings object, built from the environment when asked (never at import).

`Settings.from_env()` is called by the CLI and by `create_app()` callers; tests build
`Settings(...)` directly. Defaults are safe for production: the development conveniences
(insecure cookies, a generated secret key) only apply when `GOVERNANCE_ENV=development`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Environment = Literal["production", "development", "test"]
HashingProfile = Literal["standard", "fast"]


class SettingsError(ValueError):
    """The environment asks for something unsafe or impossible; the service must not start."""


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to know about where and how it runs."""

    database_url: str = "sqlite:///governance.db"
    env: Environment = "production"
    secret_key: str = ""
    redis_url: str | None = None
    password_hashing: HashingProfile = "standard"  # noqa: S105
    host: str = "127.0.0.1"
    port: int = 8000
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    max_request_bytes: int = 1024 * 1024
    data_dir: Path = field(default_factory=lambda: Path("data"))
    sqlite_busy_timeout_ms: int = 10_000
    sqlite_readers: int = 4
    postgres_pool_max: int = 10
    # Failed sign-ins to one account from one address before that pair waits; the owner
    # signing in from anywhere else is not held up by someone guessing.
    login_failures_per_account: int = 10
    # All failures at one account, from every address (a distributed guesser's ceiling).
    login_failures_per_account_total: int = 1000
    login_failures_per_client: int = 100
    login_window_seconds: int = 900
    # Peers (reverse proxies) whose X-Forwarded-For is believed; none by default.
    trusted_proxies: tuple[str, ...] = ()
    # The Ed25519 key that signs audit checkpoints (None: `default_signing_key_path`).
    signing_key_file: Path | None = None
    # The stable name a checkpoint's origin starts with (never the request's Host header).
    log_origin: str = "governance"
    # The organisation's time zone (IANA name): every time shown on pages and in the minutes
    # PDF is given in it, and named.
    time_zone: str = "Europe/London"
    # True when the key was generated for development or tests (never trusted in production).
    _generated_key: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.env not in ("production", "development", "test"):
            raise SettingsError(
                f"GOVERNANCE_ENV must be production, development or test, not {self.env!r}."
            )
        if self.env == "production":
            if not self.secret_key:
                raise SettingsError(
                    "GOVERNANCE_SECRET_KEY is required when GOVERNANCE_ENV=production. "
                    "Set it to a long random value, for example the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
                )
            if len(self.secret_key) < 32:
                raise SettingsError("GOVERNANCE_SECRET_KEY must be at least 32 characters long.")
            if self.password_hashing == "fast":  # noqa: S105
                raise SettingsError(
                    "GOVERNANCE_PASSWORD_HASHING=fast is for tests and benchmarks only and is "
                    "refused when GOVERNANCE_ENV=production."
                )
        if not self.secret_key:
            # Development and tests only: a fresh key per process is fine there.
            object.__setattr__(self, "secret_key", secrets.token_urlsafe(48))
            object.__setattr__(self, "_generated_key", True)
        if not self.log_origin or any(c.isspace() or c in "+/" for c in self.log_origin):
            raise SettingsError(
                "GOVERNANCE_LOG_ORIGIN must be a name without spaces, '+' or '/', "
                "for example governance.example.org."
            )
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(
                f"GOVERNANCE_TIME_ZONE must be a time zone name such as Europe/London or "
                f"America/New_York, not {self.time_zone!r}."
            ) from None
        if not (self.database_url.startswith("sqlite:///") or self.is_postgres):
            raise SettingsError(
                "GOVERNANCE_DATABASE_URL must start with sqlite:/// or postgresql://"
            )

    @property
    def is_postgres(self) -> bool:
        """Whether the database is PostgreSQL (otherwise the embedded SQLite file)."""
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def zone(self) -> ZoneInfo:
        """The time zone every displayed time is given in."""
        return ZoneInfo(self.time_zone)

    @property
    def sqlite_path(self) -> str:
        """The SQLite file path from `sqlite:///path` (relative paths are kept relative)."""
        return self.database_url.removeprefix("sqlite:///")

    @property
    def signing_key_path(self) -> Path:
        """Where the checkpoint signing key lives: the configured file, else beside the SQLite
        database, else `signing-key.pem` in the data directory (outside the database)."""
        if self.signing_key_file is not None:
            return self.signing_key_file
        if not self.is_postgres and self.sqlite_path not in ("", ":memory:"):
            return Path(self.sqlite_path).parent / "signing-key.pem"
        return self.data_dir / "signing-key.pem"

    @property
    def creates_signing_key(self) -> bool:
        """Development and tests make a missing key on first start; production refuses."""
        return self.env != "production"

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` everywhere except local development and tests."""
        return self.env == "production"

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some fields changed (validation runs again).

        A key generated for development or tests is not carried over, so switching the copy
        to production still demands a real `GOVERNANCE_SECRET_KEY`.
        """
        if self._generated_key and "secret_key" not in changes:
            changes["secret_key"] = ""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, default_env: Environment = "production"
    ) -> Settings:
        """Build settings from `GOVERNANCE_*` variables (and `HOST`/`PORT`)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            "env": env.get("GOVERNANCE_ENV", default_env),
            "database_url": env.get("GOVERNANCE_DATABASE_URL", "sqlite:///governance.db"),
            "secret_key": env.get("GOVERNANCE_SECRET_KEY", ""),
            "redis_url": env.get("GOVERNANCE_REDIS_URL") or None,
            "password_hashing": env.get("GOVERNANCE_PASSWORD_HASHING", "standard"),
            "host": env.get("HOST", "127.0.0.1"),
            "port": int(env.get("PORT", "8000")),
        }
        proxies = env.get("GOVERNANCE_TRUSTED_PROXIES", "")
        values["trusted_proxies"] = tuple(p.strip() for p in proxies.split(",") if p.strip())
        if env.get("GOVERNANCE_SIGNING_KEY_FILE"):
            values["signing_key_file"] = Path(env["GOVERNANCE_SIGNING_KEY_FILE"])
        if env.get("GOVERNANCE_LOG_ORIGIN"):
            values["log_origin"] = env["GOVERNANCE_LOG_ORIGIN"]
        if env.get("GOVERNANCE_TIME_ZONE"):
            values["time_zone"] = env["GOVERNANCE_TIME_ZONE"]
        if "GOVERNANCE_DATA_DIR" in env:
            values["data_dir"] = Path(env["GOVERNANCE_DATA_DIR"])
        if values["password_hashing"] not in ("standard", "fast"):
            raise SettingsError("GOVERNANCE_PASSWORD_HASHING must be 'standard' or 'fast'.")
        return cls(**values)  # type: ignore[arg-type]
