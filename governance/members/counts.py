"""Who may read lived-experience counts: the one place the view is chosen by role.

A count (or share) of members with lived experience, read before and after a seating or an
arrival, names the member who changed it (issue 11, item 3). Org admins keep the counts they
need to run the organisation; everyone else, the public included, reads verdicts: compliant
or not, lived-experience quorum met or not (DESIGN, "Verdicts, not counts"). Each member
still sees their own attestation on their profile, which is not a count.
"""

from __future__ import annotations

from governance.members.access import OrgAccess


def sees_counts(access: OrgAccess | None) -> bool:
    """Whether this reader may see lived-experience counts and shares: org admins only."""
    return access is not None and access.is_admin
