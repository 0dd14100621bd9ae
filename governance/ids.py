"""Identifiers: opaque, random, never sequential."""

import uuid


def new_id() -> str:
    """A random 128-bit identifier as 32 hex characters."""
    return uuid.uuid4().hex
