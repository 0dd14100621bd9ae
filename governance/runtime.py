"""What a running service holds for its lifetime: settings and long-lived helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from piccolo.engine.base import Engine

from governance.ratelimit import FailureCounter, make_counter
from governance.security import PasswordService
from governance.settings import Settings
from governance.signing import signing_key


@dataclass
class Runtime:
    """Created by `create_app()`; handed to services that need more than the database."""

    settings: Settings
    engine: Engine
    passwords: PasswordService
    failures: FailureCounter
    extras: dict[str, Any] = field(default_factory=dict)
    _signing_key: Ed25519PrivateKey | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings, engine: Engine) -> Runtime:
        return cls(
            settings=settings,
            engine=engine,
            passwords=PasswordService(profile=settings.password_hashing),
            failures=make_counter(settings.redis_url),
        )

    def signing_key(self) -> Ed25519PrivateKey:
        """The checkpoint signing key, read from its file once (made there on first start
        outside production; `SigningKeyError` in production when it is missing)."""
        if self._signing_key is None:
            self._signing_key = signing_key(
                self.settings.signing_key_path,
                create_if_missing=self.settings.creates_signing_key,
            )
        return self._signing_key

    async def close(self) -> None:
        self.passwords.close()
        for extra in self.extras.values():
            # Helpers made on first use (the minutes PDF renderer) stop with the runtime.
            close = getattr(extra, "close", None)
            if callable(close):
                close()
        await self.failures.close()
