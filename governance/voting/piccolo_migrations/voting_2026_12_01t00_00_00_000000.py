"""Receipts that survive a lost reply (CONTRACT "Receipts that survive a lost reply").

* `ballot_roll.receipt_check`: a raw column outside Piccolo's table definition, read and
  written only by the cast's own statements (`governance.voting.queries`). It holds
  `rules.receipts.roll_check(motion, member, receipt)`, so the same member sending the same
  receipt again is told "already counted"; NULL for ballots cast before it existed.
* Trackers are no longer unique within a motion: a member who sends another's receipt gets
  an ordinary ballot, not a refusal that would confirm the receipt was counted (see
  docs/SECURITY.md). The index stays, not unique, for reading a motion's trackers.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Voting: a receipt sent again is recognised; trackers need not be unique"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="voting", description=DESCRIPTION)

    async def receipts_survive_a_lost_reply() -> None:
        engine = engine_finder()
        await engine.run_ddl("ALTER TABLE ballot_roll ADD COLUMN receipt_check VARCHAR(64)")
        await engine.run_ddl("DROP INDEX ballot_tracker_motion_tracker")
        await engine.run_ddl(
            "CREATE INDEX ballot_tracker_motion_tracker ON ballot_tracker (motion, tracker)"
        )

    manager.add_raw(receipts_survive_a_lost_reply)
    return manager
