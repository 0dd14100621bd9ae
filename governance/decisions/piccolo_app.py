"""Piccolo app registration for governance.decisions.

It has no Piccolo tables: its migration creates the engine-specific search index
(`governance.decisions.search`) and the index the decision log pages by, with raw DDL.
"""

import os

from piccolo.conf.apps import AppConfig

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="decisions",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[],
    migration_dependencies=["governance.motions.piccolo_app"],
    commands=[],
)
