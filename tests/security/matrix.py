"""Who may call each route: "METHOD /path/template" -> {role: expected}.

ALLOWED means the request is not refused (no 401/403/404, no 5xx). A number is the refusal
expected. Roles: `anon` (signed out), `outsider` (admin of another organisation), `member`
(of acme, not seated), `director`, `chair`, `secretary` (the board's, seated), `admin` (org
admin, not seated), `root` (platform admin).

For a private organisation an outsider learns no more than the signed-out: 404 for every
organisation-scoped route (the same answer as for an organisation that does not exist),
while the signed-out are asked to sign in (401; on pages, a redirect to the sign-in page).
"""

from __future__ import annotations

from typing import Any

ALLOWED = "allowed"


def _roles(
    anon: Any,
    outsider: Any,
    member: Any,
    director: Any,
    chair: Any,
    secretary: Any,
    admin: Any,
    root: Any,
) -> dict[str, Any]:
    return {
        "anon": anon,
        "outsider": outsider,
        "member": member,
        "director": director,
        "chair": chair,
        "secretary": secretary,
        "admin": admin,
        "root": root,
    }


A = ALLOWED
PUBLIC = _roles(A, A, A, A, A, A, A, A)
SIGNED_IN = _roles(401, A, A, A, A, A, A, A)
PLATFORM_ADMIN = _roles(401, 403, 403, 403, 403, 403, 403, A)
# Any member reads; a platform admin reads every organisation.
MEMBERS = _roles(401, 404, A, A, A, A, A, A)
# About yourself as a member: a platform admin who is not a member has no membership.
THE_MEMBER_ONLY = _roles(401, 404, A, A, A, A, A, 404)
ADMINS = _roles(401, 404, 403, 403, 403, 403, A, A)
# The record: the body's chair and secretary, and the org's secretary or admins.
RECORD_KEEPERS = _roles(401, 404, 403, 403, A, A, A, A)
# Members seated on the body; administrators are not seated, so they may not move or vote.
SEATED = _roles(401, 404, 403, A, A, A, 403, 403)
# The roll of a members' election: every member; a platform admin who is no member is not on
# it (403 from the roll, not 404: the organisation is visible to them).
ELECTORATE = _roles(401, 404, A, A, A, A, A, 403)
# Who runs an election (calls it, sees turnout): the org's secretary or admins, or the body's
# secretary.
ELECTION_OFFICERS = _roles(401, 404, 403, 403, 403, A, A, A)
# Withdrawing a candidacy: the candidate (the director here) or an admin.
CANDIDATE_OR_ADMIN = _roles(401, 404, 403, A, 403, 403, A, A)
CHAIR = _roles(401, 404, 403, 403, A, 403, 403, 403)
# A trustee of the body's key ceremony (the director, in the prepared ceremony); a platform
# admin who is no member is no trustee.
TRUSTEE = _roles(401, 404, 403, A, 403, 403, 403, 403)
# The chair pro tem a meeting elected: recorded by the body's secretary, or the org's
# secretary or administrators (not the chair, whose absence is why one is elected).
PRO_TEM_RECORDERS = _roles(401, 404, 403, 403, 403, A, A, A)
# Withdrawing: only the mover (the director, in the prepared motion).
MOVER = _roles(401, 404, 403, A, 403, 403, 403, 403)
# Somebody else's (here: no one's) API token: "not found" for everyone signed in.
OWN_TOKEN_ONLY = _roles(401, 404, 404, 404, 404, 404, 404, 404)

MATRIX: dict[str, dict[str, Any]] = {
    "POST /api/v1/auth/accept-invite": PUBLIC,
    "GET /api/v1/auth/tokens": SIGNED_IN,
    "DELETE /api/v1/auth/tokens/{token_id}": OWN_TOKEN_ONLY,
    "POST /api/v1/auth/password": SIGNED_IN,
    "GET /account": SIGNED_IN,
    "POST /account/password": SIGNED_IN,
    "POST /account/tokens/{token_id}/revoke": OWN_TOKEN_ONLY,
    "POST /api/v1/auth/login": PUBLIC,
    "POST /api/v1/auth/logout": PUBLIC,
    "POST /api/v1/auth/tokens": SIGNED_IN,
    "GET /api/v1/me": SIGNED_IN,
    "POST /api/v1/orgs": PLATFORM_ADMIN,
    "GET /api/v1/orgs/{org}": MEMBERS,
    "PATCH /api/v1/orgs/{org}": ADMINS,
    "GET /api/v1/orgs/{org}/audit": MEMBERS,
    "GET /api/v1/orgs/{org}/audit/verify": MEMBERS,
    # Public for a public organisation (acme is private, so members here).
    "GET /api/v1/orgs/{org}/audit/checkpoint": MEMBERS,
    "GET /api/v1/orgs/{org}/audit/key": MEMBERS,
    "GET /api/v1/orgs/{org}/audit/consistency": MEMBERS,
    "GET /api/v1/orgs/{org}/bodies": MEMBERS,
    "POST /api/v1/orgs/{org}/bodies": ADMINS,
    "GET /api/v1/orgs/{org}/bodies/{body_slug}": MEMBERS,
    "GET /api/v1/orgs/{org}/bodies/{body_slug}/meetings": MEMBERS,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/meetings": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/motions": SEATED,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/seats": ADMINS,
    "GET /api/v1/orgs/{org}/decisions": MEMBERS,
    "GET /api/v1/orgs/{org}/decisions.atom": MEMBERS,
    "GET /api/v1/orgs/{org}/decisions.csv": MEMBERS,
    "GET /api/v1/orgs/{org}/decisions/{decision_id}": MEMBERS,
    "GET /api/v1/orgs/{org}/meetings/{meeting_id}": MEMBERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/adjourn": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/attendance": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/chair-pro-tem": PRO_TEM_RECORDERS,
    "GET /api/v1/orgs/{org}/meetings/{meeting_id}/minutes": MEMBERS,
    "PUT /api/v1/orgs/{org}/meetings/{meeting_id}/minutes": RECORD_KEEPERS,
    "GET /api/v1/orgs/{org}/meetings/{meeting_id}/minutes.pdf": MEMBERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/minutes/corrections": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/minutes/attendance": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/minutes/publish": RECORD_KEEPERS,
    "GET /api/v1/orgs/{org}/meetings/{meeting_id}/motions": MEMBERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/motions": SEATED,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/open": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/agenda-items": RECORD_KEEPERS,
    "PATCH /api/v1/orgs/{org}/meetings/{meeting_id}/agenda-items/{item_id}": RECORD_KEEPERS,
    "DELETE /api/v1/orgs/{org}/meetings/{meeting_id}/agenda-items/{item_id}": RECORD_KEEPERS,
    "PUT /api/v1/orgs/{org}/meetings/{meeting_id}/agenda-items/order": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/reschedule": RECORD_KEEPERS,
    "POST /api/v1/orgs/{org}/meetings/{meeting_id}/cancel": RECORD_KEEPERS,
    "GET /api/v1/orgs/{org}/members": MEMBERS,
    "POST /api/v1/orgs/{org}/members": ADMINS,
    "GET /api/v1/orgs/{org}/members/me": THE_MEMBER_ONLY,
    "PUT /api/v1/orgs/{org}/members/me/lived-experience": THE_MEMBER_ONLY,
    "GET /api/v1/orgs/{org}/members/{member_id}": MEMBERS,
    "PUT /api/v1/orgs/{org}/members/{member_id}/roles": ADMINS,
    "GET /api/v1/orgs/{org}/motions": MEMBERS,
    "GET /api/v1/orgs/{org}/motions/{motion_id}": MEMBERS,
    "GET /api/v1/orgs/{org}/motions/{motion_id}/ballots": MEMBERS,
    "POST /api/v1/orgs/{org}/members/{member_id}/suspend": ADMINS,
    "POST /api/v1/orgs/{org}/members/{member_id}/reinstate": ADMINS,
    # An election of the members: every member in good standing may cast (the platform
    # admin is no member of acme); turnout is the secretaries' and admins'.
    "POST /api/v1/orgs/{org}/elections/{election_id}/ballots": ELECTORATE,
    "GET /api/v1/orgs/{org}/elections/{election_id}/turnout": ELECTION_OFFICERS,
    "GET /api/v1/orgs/{org}/elections/{election_id}/ballots": MEMBERS,
    "GET /api/v1/orgs/{org}/elections/{election_id}/ballots.blt": MEMBERS,
    "GET /api/v1/orgs/{org}/elections/{election_id}/record": MEMBERS,
    "POST /api/v1/orgs/{org}/elections/{election_id}/decryptions": TRUSTEE,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/elections": ELECTION_OFFICERS,
    "GET /api/v1/orgs/{org}/bodies/{body_slug}/elections": MEMBERS,
    "GET /api/v1/orgs/{org}/elections": MEMBERS,
    "GET /api/v1/orgs/{org}/elections/{election_id}": MEMBERS,
    # Standing: members stand themselves (a platform admin is no member: nobody to stand).
    "POST /api/v1/orgs/{org}/elections/{election_id}/candidates": ELECTORATE,
    "POST /api/v1/orgs/{org}/elections/{election_id}/candidates/{candidate_id}/withdraw": (
        CANDIDATE_OR_ADMIN
    ),
    "POST /api/v1/orgs/{org}/elections/{election_id}/certify": ADMINS,
    "GET /api/v1/orgs/{org}/elections/{election_id}/report.pdf": MEMBERS,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/trustees": ADMINS,
    "GET /api/v1/orgs/{org}/bodies/{body_slug}/trustees": MEMBERS,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/trustees/me/key": TRUSTEE,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/trustees/me/dealing": TRUSTEE,
    "GET /api/v1/orgs/{org}/bodies/{body_slug}/trustees/me/shares": TRUSTEE,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/trustees/me/accept": TRUSTEE,
    "POST /api/v1/orgs/{org}/bodies/{body_slug}/trustees/me/complain": TRUSTEE,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/close-vote": CHAIR,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/open-vote": CHAIR,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/recuse": SEATED,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/second": SEATED,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/show-of-hands": CHAIR,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/votes": SEATED,
    # A verifiable motion: its ceremony's trustees decrypt (the director, in the case); the
    # record is the members' (acme is private; a public organisation's is anyone's).
    "POST /api/v1/orgs/{org}/motions/{motion_id}/decryptions": TRUSTEE,
    "GET /api/v1/orgs/{org}/motions/{motion_id}/record": MEMBERS,
    "POST /api/v1/orgs/{org}/motions/{motion_id}/withdraw": MOVER,
    "POST /api/v1/orgs/{org}/seats/{seat_id}/end": ADMINS,
    "GET /": PUBLIC,
    "GET /accept-invite": PUBLIC,
    "POST /accept-invite": PUBLIC,
    "GET /healthz": PUBLIC,
    "GET /orgs/{org}": MEMBERS,
    "GET /orgs/{org}/bodies": MEMBERS,
    "GET /orgs/{org}/bodies/new": ADMINS,
    "POST /orgs/{org}/bodies/new": ADMINS,
    "GET /orgs/{org}/bodies/{body_slug}": MEMBERS,
    "GET /orgs/{org}/bodies/{body_slug}/meetings/new": RECORD_KEEPERS,
    # The ceremony page: anyone in the organisation sees where it stands; trustees act on it.
    "GET /orgs/{org}/bodies/{body_slug}/trustees/ceremony": MEMBERS,
    "POST /orgs/{org}/bodies/{body_slug}/meetings/new": RECORD_KEEPERS,
    "GET /orgs/{org}/bodies/{body_slug}/seats/new": ADMINS,
    "POST /orgs/{org}/bodies/{body_slug}/seats/new": ADMINS,
    # The holder may end their own seat too (the case's seat is held by none of the roles).
    "GET /orgs/{org}/bodies/{body_slug}/seats/{seat_id}/end": ADMINS,
    "POST /orgs/{org}/bodies/{body_slug}/seats/{seat_id}/end": ADMINS,
    "GET /orgs/{org}/settings": ADMINS,
    "POST /orgs/{org}/settings": ADMINS,
    "GET /orgs/{org}/me": THE_MEMBER_ONLY,
    "POST /orgs/{org}/me/lived-experience": THE_MEMBER_ONLY,
    "GET /orgs/{org}/meetings": MEMBERS,
    "GET /orgs/{org}/meetings/{meeting_id}": MEMBERS,
    "GET /orgs/{org}/decisions": MEMBERS,
    "GET /orgs/{org}/decisions/{decision_id}": MEMBERS,
    "GET /orgs/{org}/meetings/{meeting_id}/minutes": MEMBERS,
    "POST /orgs/{org}/meetings/{meeting_id}/minutes": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/minutes/corrections": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/minutes/attendance": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/minutes/publish": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/adjourn": RECORD_KEEPERS,
    "GET /orgs/{org}/meetings/{meeting_id}/adjourn": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/attendance": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/chair-pro-tem": PRO_TEM_RECORDERS,
    "POST /orgs/{org}/meetings/{meeting_id}/motions": SEATED,
    "POST /orgs/{org}/meetings/{meeting_id}/open": RECORD_KEEPERS,
    "GET /orgs/{org}/meetings/{meeting_id}/agenda": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/agenda/items": RECORD_KEEPERS,
    "GET /orgs/{org}/meetings/{meeting_id}/agenda/items/{item_id}/edit": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/agenda/items/{item_id}/edit": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/agenda/items/{item_id}/remove": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/agenda/move": RECORD_KEEPERS,
    "GET /orgs/{org}/meetings/{meeting_id}/reschedule": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/reschedule": RECORD_KEEPERS,
    "GET /orgs/{org}/meetings/{meeting_id}/cancel": RECORD_KEEPERS,
    "POST /orgs/{org}/meetings/{meeting_id}/cancel": RECORD_KEEPERS,
    "GET /orgs/{org}/members": MEMBERS,
    "GET /orgs/{org}/members/new": ADMINS,
    "POST /orgs/{org}/members/new": ADMINS,
    "GET /orgs/{org}/members/{member_id}": MEMBERS,
    "GET /orgs/{org}/motions/{motion_id}": MEMBERS,
    "GET /orgs/{org}/motions/{motion_id}/ballots": MEMBERS,
    "POST /orgs/{org}/motions/{motion_id}/ballots": MEMBERS,
    "POST /orgs/{org}/motions/{motion_id}/close-vote": CHAIR,
    "GET /orgs/{org}/motions/{motion_id}/close-vote": CHAIR,
    "POST /orgs/{org}/motions/{motion_id}/open-vote": CHAIR,
    "POST /orgs/{org}/motions/{motion_id}/receipt.txt": MEMBERS,
    "POST /orgs/{org}/motions/{motion_id}/recuse": SEATED,
    "POST /orgs/{org}/motions/{motion_id}/second": SEATED,
    "POST /orgs/{org}/motions/{motion_id}/show-of-hands": CHAIR,
    "POST /orgs/{org}/motions/{motion_id}/vote": SEATED,
    "POST /orgs/{org}/motions/{motion_id}/cast-ballot": SEATED,
    "POST /orgs/{org}/motions/{motion_id}/withdraw": MOVER,
    # Election pages: as their API routes (reading pages are the members').
    "GET /orgs/{org}/elections": MEMBERS,
    "GET /orgs/{org}/bodies/{body_slug}/elections": MEMBERS,
    "GET /orgs/{org}/bodies/{body_slug}/elections/new": ELECTION_OFFICERS,
    "POST /orgs/{org}/bodies/{body_slug}/elections/new": ELECTION_OFFICERS,
    "GET /orgs/{org}/elections/{election_id}": MEMBERS,
    "GET /orgs/{org}/elections/{election_id}/stand": MEMBERS,
    "POST /orgs/{org}/elections/{election_id}/stand": ELECTORATE,
    "POST /orgs/{org}/elections/{election_id}/withdraw": CANDIDATE_OR_ADMIN,
    "GET /orgs/{org}/elections/{election_id}/ballot": MEMBERS,
    "POST /orgs/{org}/elections/{election_id}/ballot": ELECTORATE,
    "POST /orgs/{org}/elections/{election_id}/cast-ballot": ELECTORATE,
    "POST /orgs/{org}/elections/{election_id}/receipt.txt": MEMBERS,
    "GET /orgs/{org}/elections/{election_id}/ballots": MEMBERS,
    "POST /orgs/{org}/elections/{election_id}/ballots": MEMBERS,
    "GET /orgs/{org}/elections/{election_id}/turnout": ELECTION_OFFICERS,
    "GET /orgs/{org}/elections/{election_id}/certify": ADMINS,
    "POST /orgs/{org}/elections/{election_id}/certify": ADMINS,
    "GET /schema": PUBLIC,
    "GET /schema/elements": PUBLIC,
    "GET /schema/oauth2-redirect.html": PUBLIC,
    "GET /schema/openapi.json": PUBLIC,
    "GET /schema/openapi.yaml": PUBLIC,
    "GET /schema/openapi.yml": PUBLIC,
    "GET /schema/rapidoc": PUBLIC,
    "GET /schema/redoc": PUBLIC,
    "GET /schema/swagger": PUBLIC,
    "GET /schema/{path}": PUBLIC,
    "GET /sign-in": PUBLIC,
    "POST /sign-in": PUBLIC,
    "POST /sign-out": PUBLIC,
    "GET /static/{file_path}": PUBLIC,
    "GET /verifiable/check": PUBLIC,
}
