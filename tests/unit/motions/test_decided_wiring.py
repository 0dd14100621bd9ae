"""A process that forgot to wire the decided subscribers fails loudly, before deciding."""

from __future__ import annotations

import pytest

from governance.motions import decided
from governance.wiring import wire


def test_a_missing_subscriber_is_refused_and_wiring_restores_it() -> None:
    kept = dict(decided._subscribers)
    try:
        decided._subscribers.pop("minutes")
        with pytest.raises(decided.NotWired, match="minutes"):
            decided.check_subscribed()
        wire()
        decided.check_subscribed()  # wiring twice is harmless
        assert decided._subscribers.keys() >= decided.REQUIRED
    finally:
        decided._subscribers.clear()
        decided._subscribers.update(kept)
