"""Piccolo app registration for governance.elections.

The ballot box tables (`governance.elections.box`) are created by raw DDL in this app's
migrations and are intentionally not listed here.
"""

import os

from piccolo.conf.apps import AppConfig, table_finder

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="elections",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=table_finder(modules=["governance.elections.tables"], exclude_imported=True),
    migration_dependencies=["governance.members.piccolo_app"],
    commands=[],
)
