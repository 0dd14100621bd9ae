"""Minutes: safe notes, the archival PDF and its off-loop renderer.

The modules here need no database: the minutes service builds a plain `record` (see
`governance.minutes.document`) and hands it, with the sanitised notes, to the renderer.
"""
