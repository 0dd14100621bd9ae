"""Piccolo's configuration: the registered apps, and the engine in use.

`DB` is only a placeholder for Piccolo's command-line tools (`piccolo migrations new
--auto`); the service replaces it with the engine built from its settings at start-up
(`governance.db.bind_tables`), so nothing here reads the environment.
"""

from piccolo.conf.apps import AppRegistry

from governance.db import ServiceSQLiteEngine

DB = ServiceSQLiteEngine("governance.db")

APP_REGISTRY = AppRegistry(
    apps=[
        "governance.members.piccolo_app",
        "governance.audit.piccolo_app",
        "governance.motions.piccolo_app",
        "governance.voting.piccolo_app",
        "governance.minutes.piccolo_app",
        "governance.decisions.piccolo_app",
    ]
)
