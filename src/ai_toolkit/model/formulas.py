"""Text that a spreadsheet would run as a formula: the one rule the CSV export and the Excel sheets share.

A participant's "=HYPERLINK(...)" or "@SUM(...)" is their words, never a formula, in every file a coordinator opens.
CSV has no types, so it puts an apostrophe in front; Excel marks the cell as text. Both ask ``formula_like``.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = frozenset("=+-@\t\r\n")
"""What makes a spreadsheet read a cell as a formula (or, with a tab or line break first, hide what follows)."""


def formula_like(value: str) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula if it were written into a cell as it is.

    Leading spaces are skipped (spreadsheets do), and the first visible character is compared in its compatibility
    form (NFKC), so the fullwidth ``＝`` and ``＋`` and the small ``﹦`` that some spreadsheets also read as formula
    starts are caught with ``=`` and ``+``.
    """
    first = value.lstrip(" ")[:1]
    return bool(first) and (first in FORMULA_STARTS or unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS)
