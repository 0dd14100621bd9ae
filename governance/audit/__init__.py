"""The hash-chained, append-only audit log."""

from governance.audit import service

__all__ = ["service"]
