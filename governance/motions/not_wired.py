"""`NotWired`: a subscriber or port that `governance.wiring.wire()` should have registered
is missing. Its own module so that `decided` and `voting_port` can both raise it without
importing each other."""


class NotWired(RuntimeError):
    """A decision subscriber or the voting port is missing: `wire()` was not called."""
