"""Secret-ballot receipts: making them, reading them back, and the one canonical form.

A receipt is at least 128 random bits that only the voter holds. It may come from the client
(the vote form carries one, an API client may send its own) so that a reply lost after the
commit loses nothing: the same cast sent again with the same receipt is recognised as
already counted.

**The canonical form**, the text that is hashed: the receipt with spaces and hyphens removed,
then in lower case when every character is a hexadecimal digit (a hex receipt), otherwise in
upper case (a base32 receipt, Crockford's alphabet or RFC 4648's). So `abcd-EF01-...` and
`ABCDEF01...` are the same receipt. The published **tracker** is the SHA-256 hex of the
canonical form's ASCII bytes.

Receipts made here: 28 characters of Crockford base32 (0-9 and A-Z without I, L, O, U, so
nothing is mistaken for something else), 140 bits, shown in groups of four
(`7K3M-Q9XD-...`).
"""

from __future__ import annotations

import hashlib
import re
import secrets

#: Crockford's base32 alphabet: no I, L, O or U.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Characters in a receipt made here: 28 * 5 = 140 bits.
RECEIPT_CHARS = 28
MIN_CHARS = 26  # 26 base32 characters carry 130 bits
MIN_HEX_CHARS = 32  # 32 hex digits carry 128 bits
MAX_CHARS = 64
#: Longest text accepted before separators are removed (64 characters, a separator each).
MAX_INPUT = 128
#: Fewest different characters a random receipt of the shortest length shows; fewer means it
#: was not drawn at random (a 32-digit hex receipt shows 7 or fewer with odds below 1 in 10^7).
MIN_DISTINCT = 8
GROUP = 4

_SEPARATORS = re.compile(r"[\s\-]+")
_HEX = re.compile(r"[0-9a-fA-F]+")
_BASE32 = re.compile(r"[0-9A-Za-z]+")
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

INVALID = (
    "A receipt is 26 to 64 letters and digits (base32, or 32 to 64 hexadecimal digits), "
    "spaces and hyphens allowed between them, made of at least 128 random bits."
)
NOT_RANDOM = "This receipt does not look random; send none and one will be made for you."


def new_receipt() -> str:
    """A fresh receipt in canonical form: 28 Crockford base32 characters (140 bits)."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(RECEIPT_CHARS))


def canonical_receipt(text: str) -> str:
    """The canonical form of a receipt as typed or sent (see the module's docstring).

    Raises:
        ValueError: not a receipt (wrong length or characters, or plainly not random); the
            message is a sentence to show.
    """
    if len(text) > MAX_INPUT:
        raise ValueError(INVALID)
    bare = _SEPARATORS.sub("", text)
    if not MIN_CHARS <= len(bare) <= MAX_CHARS or not _BASE32.fullmatch(bare):
        raise ValueError(INVALID)
    if _HEX.fullmatch(bare):
        if len(bare) < MIN_HEX_CHARS:
            raise ValueError(INVALID)
        canonical = bare.lower()
    else:
        canonical = bare.upper()
    if len(set(canonical)) < MIN_DISTINCT:
        raise ValueError(NOT_RANDOM)
    return canonical


def grouped(canonical: str) -> str:
    """The receipt for reading and copying: groups of four joined by hyphens."""
    return "-".join(canonical[i : i + GROUP] for i in range(0, len(canonical), GROUP))


def receipt_tracker(canonical: str) -> str:
    """The published tracker of a receipt in canonical form: SHA-256 hex of its bytes."""
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def roll_check(motion_id: str, member_id: str, canonical: str) -> str:
    """What the roll keeps to recognise this member's own receipt when it is sent again.

    SHA-256 over a label, the motion, the member and the receipt: without the receipt (128+
    random bits) it cannot be tied to the tracker, and it differs from the tracker for the
    same receipt, so the roll and the box still share nothing a database reader can match.
    """
    message = f"governance receipt on the roll v1\n{motion_id}\n{member_id}\n{canonical}"
    return hashlib.sha256(message.encode("utf-8")).hexdigest()


def trackers_to_look_for(text: str) -> set[str]:
    """Trackers a receipt as typed into "Check your receipt" may have: its canonical form's,
    the same with Crockford's look-alikes read as digits (O as 0, I and L as 1), and, for a
    receipt made before receipts had a canonical form (base64url, case-sensitive), its own.
    Empty when the text cannot be a receipt at all."""
    stripped = text.strip()
    found: set[str] = set()
    if 0 < len(stripped) <= MAX_INPUT:
        found.add(receipt_tracker_of_text(stripped))
    try:
        canonical = canonical_receipt(text)
    except ValueError:
        return found
    found.add(receipt_tracker(canonical))
    if not _HEX.fullmatch(canonical):
        found.add(receipt_tracker(canonical.translate(_LOOK_ALIKES)))
    return found


def receipt_tracker_of_text(text: str) -> str:
    """SHA-256 hex of any text's UTF-8 bytes (the rule trackers followed before receipts
    had a canonical form)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
