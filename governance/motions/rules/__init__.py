"""Pure procedure rules for meetings and motions.

Nothing here touches the database, the web framework or the clock: every function takes plain
values (including `now` where time matters) and returns a value or raises a domain error from
`governance.errors`. Services load state, call these, and write.
"""
