"""Text that a spreadsheet would run as a formula: the one rule the CSV export and the Excel sheets share.

A participant's "=HYPERLINK(...)" or "@SUM(...)" is their words, never a formula, in every file a coordinator opens.
CSV has no types, so it puts an apostrophe in front; Excel marks the cell as text. Both ask ``formula_like``.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""= + - @ (and their fullwidth forms, which some spreadsheet apps fold into the ASCII ones), and a tab or carriage
return before them."""


def formula_like(value: str) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula if it were written into a cell as it is."""
    return value[:1] in FORMULA_STARTS
