"""The application's own route table, as "METHOD /path/template" keys."""

from __future__ import annotations

from governance.app import create_app
from governance.settings import Settings

SKIPPED_METHODS = {"OPTIONS", "HEAD"}


def route_keys(app: object | None = None) -> set[str]:
    if app is None:
        app = create_app(
            Settings(database_url="sqlite:///:memory:", env="test", password_hashing="fast")
        )
    keys = set()
    for route in app.routes:  # type: ignore[attr-defined]
        for handler in getattr(route, "route_handlers", []):
            for method in getattr(handler, "http_methods", ()):
                if method not in SKIPPED_METHODS:
                    keys.add(f"{method} {route.path_format}")
    return keys


def is_page(path: str) -> bool:
    return not path.startswith(("/api/", "/schema", "/healthz", "/static/"))
