"""Passwords (argon2id), and the random tokens behind sessions, invitations and API tokens.

Hashing runs in a small thread pool: argon2-cffi releases the GIL, each hash takes tens of
MiB, and doing it on the event loop would stall every other request for its duration. The
semaphore bounds how many hashes (and so how much memory) run at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from governance.errors import InvalidInput

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024

# OWASP's first argon2id option: m=46 MiB, t=1, p=1 (at or above the m=19 MiB, t=2 minimum).
STANDARD = {"time_cost": 1, "memory_cost": 47_104, "parallelism": 1}
# For tests and benchmarks only (refused in production by Settings).
FAST = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


# zxcvbn's score (0 to 4): 3 means "safely unguessable: moderate protection from an
# offline slow-hash scenario" (about 10^8 guesses), which argon2id makes expensive enough.
MIN_PASSWORD_SCORE = 3


def check_password_rules(
    password: str, *, field: str = "password", user_inputs: Sequence[str] = ()
) -> None:
    """Refuse passwords that are too short, absurdly long, common or trivial, in words.

    Strength is estimated by zxcvbn (common passwords, names, keyboard patterns, repeats,
    dates), with the account's own email and name counted as easy to guess.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters. "
            "A few ordinary words strung together works well.",
            field=field,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Passwords can be at most {MAX_PASSWORD_LENGTH} characters long.", field=field
        )
    from zxcvbn import zxcvbn  # imported here: loading its word lists takes a moment

    # The email's local part and the name's words (not the domain: an organisation's own
    # name in a passphrase is guessable, but no more than any other dictionary word).
    words = [value.split("@", 1)[0] for value in user_inputs]
    inputs = [part for value in words for part in re.split(r"[.\s]+", value) if part]
    result = zxcvbn(password[:100], user_inputs=inputs)
    if result["score"] < MIN_PASSWORD_SCORE:
        warning = result["feedback"].get("warning") or "This password is easy to guess."
        raise InvalidInput(
            f"{warning.rstrip('.')}. Choose something harder to guess: three or four "
            "ordinary words that have nothing to do with you, strung together, work well.",
            field=field,
        )


@dataclass
class PasswordService:
    """argon2id hashing off the event loop, with bounded concurrency."""

    profile: str = "standard"
    max_concurrent: int = 2

    def __post_init__(self) -> None:
        params = FAST if self.profile == "fast" else STANDARD
        self._hasher = PasswordHasher(**params)
        self._pool = ThreadPoolExecutor(
            max_workers=self.max_concurrent, thread_name_prefix="argon2"
        )
        self._semaphore: asyncio.Semaphore | None = None
        # Verified against when the email is unknown, so timing does not reveal accounts.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    def _sem(self) -> asyncio.Semaphore:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.max_concurrent)
        return self._semaphore

    async def _run(self, fn: object, *args: str) -> object:
        async with self._sem():
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, fn, *args)  # type: ignore[arg-type]

    async def hash(self, password: str) -> str:
        """An argon2id hash of `password`."""
        return str(await self._run(self._hasher.hash, password))

    def _verify_sync(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    async def verify(self, stored: str | None, password: str) -> bool:
        """Whether `password` matches `stored`; with no stored hash, spend the same time."""
        if len(password) > MAX_PASSWORD_LENGTH:
            return False
        if stored is None:
            await self._run(self._verify_sync, self._dummy_hash, password)
            return False
        return bool(await self._run(self._verify_sync, stored, password))

    def needs_rehash(self, stored: str) -> bool:
        """Whether `stored` was made with other parameters than the current ones."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def close(self) -> None:
        """Stop the hashing threads."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def new_token(prefix: str = "") -> str:
    """A random token of 256 bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex under which a token is stored (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()
