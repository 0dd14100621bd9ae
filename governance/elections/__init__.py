"""Members elect their board: the count (pure rules, BLT files, the re-count command).

Only the count lives here for now (`governance.elections.count`): the election lifecycle,
its pages and tables come later and will sit above it.
"""
