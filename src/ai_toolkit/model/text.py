"""Cleaning text from people before it is stored: the only change we make to their words."""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 forbids (python-docx refuses them), lone surrogates (JSON can carry "\ud83d"), the two
# non-characters U+FFFE/U+FFFF, and DEL with the C1 controls U+0080-U+009F: U+009B is a terminal's CSI, so a
# story holding it could move the cursor or recolour the screen of whoever prints an export. No language writes
# with them. Tab, newline and carriage return are allowed.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

MAX_TEXT = 10_000
"""Longest contribution we accept: a long story typed in full, still far below any request limit."""

MAX_SHORT = 200
"""Longest name, organisation, theme name or option label."""


def clean(text: str) -> str:
    """NFC-normalised text without characters that XML forbids; surrounding white space trimmed."""
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text)).strip()


def clean_forbidden(text: str) -> str:
    """Only remove what XML forbids; keep white space (used where text is already stored)."""
    return _FORBIDDEN.sub("", text)
