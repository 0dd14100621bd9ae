"""A body's key ceremonies, their trustees, the encrypted shares they relay, and verdicts.

Nothing here is secret: every column is a public value (a point, a proof, a commitment), a
masked share only its recipient can open, or bookkeeping. `tests/web/trustees` tries the
attack of combining everything stored here, and it yields no key.

A body's current ceremony is the one with the highest `attempt` (unique per body); a new
naming of trustees starts the next attempt and marks an unfinished one `failed`.
"""

from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from governance.ids import new_id
from governance.members.tables import Body, Membership, Organisation


class Ceremony(Table):
    """One attempt at a body's t-of-n key: `collecting_keys`, `dealing`, `complete`, `failed`.

    `context` is the string every proof and mask of the ceremony hashes (docs/VERIFY.md 6.1);
    `joint_key` is y = prod_i A_i0, set when every trustee has accepted its shares.
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    organisation = ForeignKey(Organisation, null=False, index=True)
    body = ForeignKey(Body, null=False, index=True)
    attempt = Integer()
    threshold = Integer()
    trustees = Integer()
    status = Varchar(length=16, default="collecting_keys")
    context = Varchar(length=200)
    joint_key = Varchar(length=64, null=True, default=None)
    # Why a ceremony failed: "complaint" (then `blamed` is the dealer's index) or "replaced".
    failure = Varchar(length=16, null=True, default=None)
    blamed = Integer(null=True, default=None)
    created_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)


class Trustee(Table):
    """A member named trustee, numbered 1..n, and what they have published.

    `status`: `named`, `key_submitted`, `dealt`, `accepted`, `complained`.
    `commitment` is the JSON of `threshold.Commitment` (coefficients and proof).
    Unique (ceremony, position) and (ceremony, membership).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    ceremony = ForeignKey(Ceremony, null=False, index=True)
    membership = ForeignKey(Membership, null=False, index=True)
    position = Integer()
    status = Varchar(length=16, default="named")
    public_key = Varchar(length=64, null=True, default=None)
    key_proof = Text(null=True, default=None)  # JSON {"challenge", "response"}
    commitment = Text(null=True, default=None)  # JSON Commitment
    created_at = Timestamptz()


class EncryptedShare(Table):
    """s_ij masked for trustee j (docs/VERIFY.md 6.1). Unique (ceremony, dealer, recipient)."""

    id = Varchar(length=32, primary_key=True, default=new_id)
    ceremony = ForeignKey(Ceremony, null=False, index=True)
    dealer = Integer()
    recipient = Integer()
    ephemeral = Varchar(length=64)
    masked = Varchar(length=64)


class ShareVerdict(Table):
    """A trustee's word on the shares it received: `accepted`, or `complained` against a dealer.

    One per trustee per ceremony (unique (ceremony, position)).
    """

    id = Varchar(length=32, primary_key=True, default=new_id)
    ceremony = ForeignKey(Ceremony, null=False, index=True)
    position = Integer()
    verdict = Varchar(length=12)
    against = Integer(null=True, default=None)
    created_at = Timestamptz()
