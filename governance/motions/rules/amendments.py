"""Amendments: a motion to change the wording of another motion before its vote.

Kept deliberately simple: an amendment's `text` is the full new wording of the motion it
amends (not a diff or an instruction like "strike X, insert Y"). When the amendment carries,
that text replaces the motion's text; everyone voting on the amendment sees exactly what the
motion will say.
"""

from __future__ import annotations

from governance.errors import Conflict, InvalidInput
from governance.motions.rules.transitions import BEFORE_VOTE, MotionStatus


def amendable_check(*, target_status: MotionStatus | str) -> None:
    """A motion can only be amended before its vote opens.

    Raises:
        Conflict: the motion is being voted on, decided or withdrawn.
    """
    if MotionStatus(target_status) not in BEFORE_VOTE:
        raise Conflict("Only a motion that has not yet gone to a vote can be amended.")


def apply_amendment(current_text: str, amendment_text: str) -> str:
    """The motion's text after a carried amendment: the amendment's text, whole.

    `current_text` is taken so that callers read naturally and so a finer-grained amendment
    model could replace this function without changing its callers; it is not used.

    Raises:
        InvalidInput: the amendment's text is blank (a motion cannot be amended to nothing).
    """
    del current_text  # replaced whole; see the module notes
    if not amendment_text.strip():
        raise InvalidInput("An amendment must give the motion's full new wording.", field="text")
    return amendment_text
