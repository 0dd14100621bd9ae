"""Exact vote arithmetic: whole numbers of units of 1/100000 of a vote, never floats.

SSI 2007/42, Schedule 1, rule 48(3) makes every transfer value "to five decimal places (any
remainder being ignored)", so every number in a count is a whole number of hundred-thousandths
of a vote. Votes are kept as such integers; `fmt` writes them as exact decimal strings.
"""

from __future__ import annotations

UNIT = 100_000  # one vote, in units of 1/100000
PLACES = 5


def fmt(units: int) -> str:
    """The exact decimal string of `units`: `fmt(123450000)` is "1234.50000"."""
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), UNIT)
    return f"{sign}{whole}.{part:0{PLACES}d}"


def truncated_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator in units, the remainder ignored (rule 48(3)).

    Both arguments are in units: (S/U) * (V/U) / (T/U) * U = S * V / T units, where the
    caller passes numerator = S * V.
    """
    if denominator <= 0:
        raise ValueError("a transfer value needs a positive number of votes to divide by")
    return numerator // denominator
