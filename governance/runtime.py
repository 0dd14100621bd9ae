"""What a running service holds for its lifetime: settings and long-lived helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from piccolo.engine.base import Engine

from governance.ratelimit import FailureCounter, make_counter
from governance.security import PasswordService
from governance.settings import Settings


@dataclass
class Runtime:
    """Created by `create_app()`; handed to services that need more than the database."""

    settings: Settings
    engine: Engine
    passwords: PasswordService
    failures: FailureCounter
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings, engine: Engine) -> Runtime:
        return cls(
            settings=settings,
            engine=engine,
            passwords=PasswordService(profile=settings.password_hashing),
            failures=make_counter(settings.redis_url),
        )

    async def close(self) -> None:
        self.passwords.close()
        for extra in self.extras.values():
            # Helpers made on first use (the minutes PDF renderer) stop with the runtime.
            close = getattr(extra, "close", None)
            if callable(close):
                close()
        await self.failures.close()
