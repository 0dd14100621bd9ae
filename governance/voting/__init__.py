"""Votes: roll call, show of hands, and secret ballots (the roll apart from the box)."""
