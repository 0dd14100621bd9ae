"""A named fault: what a verifier found wrong, where, in words a member can read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fault:
    """`code` is stable (tests and tools match on it); `where` names the part; `detail` says
    what is wrong in plain language."""

    code: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail} [{self.code}]"
