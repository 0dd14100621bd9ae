"""Times on pages are given in the organisation's time zone, and the zone is named."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from governance.text import day_in, when_in

LONDON = ZoneInfo("Europe/London")


def test_a_winter_evening_in_london_is_shown_in_gmt() -> None:
    moment = datetime(2026, 11, 1, 19, 0, tzinfo=UTC)
    assert when_in(moment, LONDON) == "Sunday 1 November 2026 at 19:00 GMT"


def test_a_summer_evening_utc_is_shown_an_hour_later_in_bst() -> None:
    moment = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    assert when_in(moment.isoformat(), LONDON) == "Wednesday 1 July 2026 at 19:00 BST"


def test_the_day_is_the_day_in_the_zone_not_in_utc() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    assert day_in(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), LONDON) == "1 July 2026"
    assert day_in("2026-06-30", LONDON) == "30 June 2026"


def test_a_zone_without_an_abbreviation_is_named_by_its_offset_and_name() -> None:
    moment = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert (
        when_in(moment, ZoneInfo("Asia/Dubai"))
        == "Monday 5 January 2026 at 16:00 (UTC+04:00, Asia/Dubai)"
    )
