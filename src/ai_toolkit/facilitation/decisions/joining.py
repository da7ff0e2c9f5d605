"""The short join code: six characters a person can read off the wall and type, instead of a 32-character token.

Derived from the session's join token with HMAC-SHA256, so it is the same on a poster printed the day before, on
the wall, in the TUI and in ``serve``'s output, needs no event, survives export and import, and reveals nothing of
the token (the code is a one-way digest of it). The alphabet leaves out 0/O and 1/I, which people mix up; what
someone types is read in upper case without spaces or dashes, so ``k7m 4qx`` is ``K7M4QX``.

32 characters to the power of 6 is about a billion codes; the web limits wrong tries per address, so the space
cannot be walked from the room's Wi-Fi.
"""

from __future__ import annotations

import hashlib
import hmac

from ai_toolkit.model.session import SessionInfo

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 characters: digits without 0 and 1, letters without I and O."""
LENGTH = 6
MAX_TYPED = 40
"""Longer input is not a code (someone pasted the address): refused without looking at it."""


def join_code(info: SessionInfo) -> str:
    digest = hmac.new(info.join_token.encode(), b"ai-toolkit join code", hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def normalised(typed: str) -> str:
    """What someone typed, as a code: upper case, without spaces, dashes or dots (``k7m-4qx`` -> ``K7M4QX``)."""
    if len(typed) > MAX_TYPED:
        return ""
    return "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-.·")


def code_matches(info: SessionInfo, typed: str) -> bool:
    """Whether ``typed`` is this session's code (compared in constant time)."""
    return hmac.compare_digest(normalised(typed).encode(), join_code(info).encode())
