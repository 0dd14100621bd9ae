"""Accounts, sign-in state, organisations, memberships, bodies and seats."""

from piccolo.columns import (
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from governance.ids import new_id


class Account(Table):
    """A person who can sign in; may belong to several organisations."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    email = Varchar(length=320, unique=True, index=True)
    display_name = Varchar(length=200)
    password_hash = Text(null=True, default=None)
    is_platform_admin = Boolean(default=False)
    created_at = Timestamptz()


class AuthSession(Table):
    """A server-side sign-in session; the cookie holds a token whose SHA-256 is `id`."""

    id = Varchar(length=64, primary_key=True)
    account = ForeignKey(Account, null=False)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz()
    last_seen_at = Timestamptz()


class ApiToken(Table):
    """A personal API token, stored only as its SHA-256."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    account = ForeignKey(Account, null=False)
    name = Varchar(length=200)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)


class Organisation(Table):
    """A peer-run organisation: the tenant."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    slug = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=200)
    is_public = Boolean(default=False)
    paper_size = Varchar(length=10, default="A4")
    created_at = Timestamptz()


class Membership(Table):
    """An account's membership of one organisation, with roles and the private attestation."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    account = ForeignKey(Account, null=False, index=True)
    roles = Varchar(length=100, default="")
    lived_experience = Boolean(default=False)
    joined_at = Timestamptz()
    # Null while in good standing (`members/standing.py`); set by an admin's suspension.
    suspended_at = Timestamptz(null=True, default=None)
    suspension_reason = Text(null=True, default=None)


class SuspensionPeriod(Table):
    """When a membership was suspended: one row a suspension, `ended_at` set at reinstatement.

    `Membership.suspended_at` is the state now; these rows are the history, so a roll frozen
    at a moment (an election's opening) can leave out whoever was suspended then, even if
    reinstated since (`members/standing.py`).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    membership = ForeignKey(Membership, null=False, index=True)
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)


class Invitation(Table):
    """A one-time invitation to set a password; only the token's SHA-256 is kept."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    account = ForeignKey(Account, null=False)
    organisation = ForeignKey(Organisation, null=False)
    token_hash = Varchar(length=64, unique=True, index=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class Body(Table):
    """A board, committee or general assembly of an organisation."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    slug = Varchar(length=64)
    name = Varchar(length=200)
    kind = Varchar(length=20)
    seats = Integer()
    lived_experience_quota = DoublePrecision(default=0.0)
    quorum = DoublePrecision(default=0.5)
    lived_experience_quorum = Boolean(default=False)
    created_at = Timestamptz()


class Seat(Table):
    """A member holding a role on a body for a term; vacant from `ends_on` onwards."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    body = ForeignKey(Body, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    role = Varchar(length=20)
    starts_on = Date()
    ends_on = Date(null=True, default=None)
    end_reason = Text(null=True, default=None)
    created_at = Timestamptz()
