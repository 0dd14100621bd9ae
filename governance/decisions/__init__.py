"""The decision log: every decided motion, searchable, exportable, with a feed."""
