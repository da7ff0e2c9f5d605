"""What keeps the phones' form safe on an open room Wi-Fi: signed cookies, CSRF tokens, the Origin check, rate limits.

Keys come from the session's own random signing key (``Facilitation.signing_key``: a file in the session's folder,
never in its log or an export, never shown), so a participant stays the same person when the laptop restarts the
server mid-workshop, a cookie from another session never fits this one, and nothing a participant or an export holds
(the join token, the facilitator token, the short code) lets anyone forge a cookie or a form.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

COOKIE = "aitk"
"""Holds the participant's id, signed; HttpOnly, SameSite=Lax."""

LANG_COOKIE = "aitk_lang"
"""The language the participant chose with the switch (not secret, so not signed)."""

COOKIE_SECONDS = 24 * 3600
"""A workshop day: a participant who closes the browser at lunch is still themselves after it."""

_PID = re.compile(r"^p-[0-9a-f]{12}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class Keys:
    """HMAC keys of one session."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("a signing key needs at least 128 bits")
        self._key = hashlib.sha256(b"ai-toolkit web\0" + secret).digest()

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()[:32]

    # -- the participant cookie --------------------------------------------------------------------------
    def new_visitor(self) -> tuple[str, str]:
        """A fresh participant id (used when they join) and the cookie value that carries it."""
        pid = "p-" + secrets.token_hex(6)
        return pid, f"{pid}.{self._mac('pid', pid)}"

    def visitor(self, cookie: str | None) -> str | None:
        """The participant id in a cookie we signed, or ``None`` for anything else."""
        if not cookie or "." not in cookie:
            return None
        pid, _, mac = cookie.partition(".")
        if not _PID.match(pid) or not hmac.compare_digest(mac, self._mac("pid", pid)):
            return None
        return pid

    # -- forms -------------------------------------------------------------------------------------------
    def csrf(self, pid: str) -> str:
        return self._mac("csrf", pid)

    def csrf_ok(self, pid: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.csrf(pid))


def new_request_id() -> str:
    """The id each rendered form carries, so a browser's retry of the same post is recognised."""
    return secrets.token_urlsafe(12)


def request_id_ok(value: str | None) -> bool:
    return bool(value) and bool(_REQUEST_ID.match(str(value)))


def origin_ok(origin: str | None, host: str | None, public_url: str | None = None) -> bool:
    """A post must come from a page of this server. No Origin header (old browsers, curl) leaves it to the token.

    Browsers send no fetch-metadata headers to plain-HTTP LAN addresses, so this and the CSRF token are the check.
    """
    if origin is None:
        return True
    if origin == "null" or not host:
        return False
    netloc = urlsplit(origin).netloc.lower()
    if netloc == host.lower():
        return True
    return bool(public_url) and netloc == urlsplit(public_url).netloc.lower()


class RateLimit:
    """At most ``per_minute`` submissions per participant in any sliding minute."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, who: str) -> bool:
        now = self._clock()
        window = self._seen.setdefault(who, deque())
        while window and now - window[0] >= 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        if len(self._seen) > 5000:
            self._forget(now)
        return True

    def full(self, who: str) -> bool:
        """Whether ``who`` has used up the minute, without counting this as a try (``allow`` counts)."""
        now = self._clock()
        window = self._seen.get(who)
        while window and now - window[0] >= 60:
            window.popleft()
        return window is not None and len(window) >= self.per_minute

    def _forget(self, now: float) -> None:
        """Drop the windows of people who have been quiet for a minute, so memory stays bounded."""
        for who in [w for w, q in self._seen.items() if not q or now - q[-1] >= 60]:
            del self._seen[who]


LAPTOP = frozenset({"127.0.0.1", "::1"})
"""The laptop's own addresses (its browser, a reverse proxy on it that forwards the phones' addresses): never
budgeted. The load tests' phones use other loopback addresses (127.0.x.y), so they are budgeted as phones are."""


class Budget:
    """What one network address may do: at most ``per_minute`` at once (refilled over a minute) and ``per_hour`` in
    an hour (refilled over an hour). Two token buckets per address: a whole hall behind one router (NAT) gets its
    burst at the start of a step, a script on one address gets the hour's budget and then a trickle.

    Each address costs a few floats, whatever it sends; addresses whose buckets have filled again are forgotten
    once more than ``MAX_KEYS`` are known, so memory stays bounded.
    """

    MAX_KEYS = 5000

    def __init__(self, per_minute: int, per_hour: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.buckets = ((float(per_minute), per_minute / 60.0), (float(per_hour), per_hour / 3600.0))
        self._clock = clock
        self._state: dict[str, tuple[float, list[float]]] = {}

    def allow(self, address: str) -> bool:
        if address in LAPTOP:
            return True
        now = self._clock()
        last, levels = self._state.get(address, (now, [size for size, _ in self.buckets]))
        refilled = zip(self.buckets, levels, strict=True)
        levels = [min(size, level + (now - last) * rate) for (size, rate), level in refilled]
        allowed = all(level >= 1 for level in levels)
        if allowed:
            levels = [level - 1 for level in levels]
        self._state[address] = (now, levels)
        if len(self._state) > self.MAX_KEYS:
            self._forget(now)
        return allowed

    def _forget(self, now: float) -> None:
        """Drop the addresses whose buckets are full again: to them it is as if they had never been seen."""
        for address, (last, levels) in list(self._state.items()):
            full = all(lv + (now - last) * rate >= size for (size, rate), lv in zip(self.buckets, levels, strict=True))
            if full:
                del self._state[address]
