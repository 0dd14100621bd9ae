"""The one place the domains are plugged into each other, above all of them.

Lower packages never import higher ones; where one must reach up, it declares what it needs
and this module provides it:

* a decided motion (`governance.motions.decided`) reaches the decision log
  (`decisions.search.on_decided`) and the minutes (`minutes.approval.on_decided`);
* motions' reads fail due written consents and show who voted through voting
  (`governance.motions.voting_port`, provided by `governance.voting.port`).

`wire()` is called by `create_app`, the CLI, the demo and the test fixtures. It is
idempotent, and it checks that nothing is missing, so a forgotten subscriber fails at
start-up rather than at the first decision.
"""

from __future__ import annotations

from governance.decisions import search
from governance.minutes import approval
from governance.motions import decided, voting_port
from governance.voting.port import VOTING


def wire() -> None:
    """Register every subscriber and port, then check none is missing."""
    decided.subscribe("decision_log", search.on_decided)
    decided.subscribe("minutes", approval.on_decided)
    voting_port.provide(VOTING)
    decided.check_subscribed()
    voting_port.voting()
