"""Piccolo's configuration: the registered apps, the tables outside them, and the engine.

The application's word on which tables exist: `governance.db` reads this module through
Piccolo (`PICCOLO_CONF`) and imports nothing of the domains itself.

`DB` is only a placeholder for Piccolo's command-line tools (`piccolo migrations new
--auto`); the service replaces it with the engine built from its settings at start-up
(`governance.db.bind_tables`), so nothing here reads the environment.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.table import Table

from governance.db.engine import ServiceSQLiteEngine
from governance.elections.box import ELECTION_BOX_TABLES
from governance.elections.verifiable_tables import VERIFIABLE_ELECTION_TABLES
from governance.motions.verifiable_tables import VERIFIABLE_MOTION_TABLES
from governance.voting.box import BOX_TABLES
from governance.voting.verifiable_box import VERIFIABLE_BOX_TABLES

DB = ServiceSQLiteEngine("governance.db")

APP_REGISTRY = AppRegistry(
    apps=[
        "governance.members.piccolo_app",
        "governance.audit.piccolo_app",
        "governance.motions.piccolo_app",
        "governance.voting.piccolo_app",
        "governance.minutes.piccolo_app",
        "governance.decisions.piccolo_app",
        "governance.elections.piccolo_app",
        "governance.trustees.piccolo_app",
    ]
)

# Tables bound with the apps' but outside Piccolo's auto migrations: the secret ballot boxes,
# created by raw DDL in the voting and elections migrations (`governance.voting.box`,
# `governance.elections.box`).
EXTRA_TABLES: list[type[Table]] = [
    *BOX_TABLES,
    *ELECTION_BOX_TABLES,
    *VERIFIABLE_MOTION_TABLES,
    *VERIFIABLE_BOX_TABLES,
    *VERIFIABLE_ELECTION_TABLES,
]
