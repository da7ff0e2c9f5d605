"""The participants' web application: FastAPI with server-rendered pages, one stylesheet, one small script.

Guard rails every response passes through: a 64 KiB body limit (Starlette would accept any size; the photo upload
alone may send 15 MB, ``body_limit``), security headers (a Content-Security-Policy allowing only this laptop's own
script and style, no framing, no sniffing, no referrer to other sites: the join token is in the URL), ``no-store``
on pages, and pages instead of tracebacks for every error.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from typing import IO

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_toolkit.errors import StoreError, ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.imaging import MAX_UPLOAD_BYTES
from ai_toolkit.web.deps import PageError, Web
from ai_toolkit.web.group import GroupCommit
from ai_toolkit.web.guard import Budget, Keys, RateLimit
from ai_toolkit.web.push import Changes
from ai_toolkit.web.render import STATIC, choose_language, render
from ai_toolkit.web.routes import code, facilitator, own, participant, photos, privacy, results

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
"""Largest request body: a 10,000-character story in any script fits (sent as multipart, not percent-encoded)."""

DRAIN_LIMIT = 1024 * 1024
"""How much of an oversized body we still read before answering 413: a browser that is cut off mid-upload shows
"connection reset" instead of our page. Anything larger is hostile and gets the answer straight away."""

PHOTO_PATH = "/photo"
MAX_PHOTO_BODY = MAX_UPLOAD_BYTES + MAX_BODY
"""The photo upload (a path ending in ``/photo``, and only there): the photo, its caption and the form's fields."""
PHOTO_DRAIN_LIMIT = 4 * MAX_PHOTO_BODY
"""A phone photo that is too large (a 50 MP camera's 20 MB) still gets our page, not a reset connection."""
SPOOL_BYTES = 1024 * 1024
"""A photo's body is kept in memory up to this, then on disk: thirty phones uploading at once cost 30 MB."""
REPLAY_CHUNK = 256 * 1024


def body_limit(path: str) -> tuple[int, int]:
    """The largest body a POST to ``path`` may carry, and how much of a larger one is drained before the 413."""
    if path.endswith(PHOTO_PATH):
        return MAX_PHOTO_BODY, PHOTO_DRAIN_LIMIT
    return MAX_BODY, DRAIN_LIMIT


DEFAULT_PER_MINUTE = 30
"""Submissions one participant may make in a minute: far above anyone typing, far below a script hammering."""
DEFAULT_JOINS_PER_ADDRESS = 300
"""New participants one network address may add at once (then 5 a second): a hall of 300 behind one router joins
within a minute. The hour allows twice that (``JOINS_PER_HOUR_FACTOR``): then a script adds 10 a minute, no more."""
JOINS_PER_HOUR_FACTOR = 2
DEFAULT_POSTS_PER_ADDRESS = 600
"""Posts of any kind one network address may send at once (then 10 a second): a hall of 300 behind one router all
sending within seconds at the start of a step or a vote, twice over. ``POSTS_PER_HOUR`` caps the hour."""
POSTS_PER_HOUR = 6000
"""A 300-person hall sends about 4,000 posts in a 2.5-hour workshop; one address sending more is a script."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own form posts, and the
    # Origin check needs the real one. The token in the URL still never leaves the laptop's pages.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class Guardrails:
    """Pure ASGI middleware: bounded bodies and security headers, before any route sees the request."""

    def __init__(self, app: ASGIApp, *, too_large: Callable[[Scope], Response]) -> None:
        self.app = app
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                # Pages are never kept; a route that says how long its answer may be kept (the wall's QR code)
                # keeps its word.
                if not scope["path"].startswith("/static/") and all(k.lower() != b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            limit, drain = body_limit(scope["path"])
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
                complete = await _read_bounded(receive, body, limit, drain)
                if not complete:
                    response = self.too_large(scope)
                    response.headers["connection"] = "close"
                    await response(scope, receive, send_with_headers)
                    return
                body.seek(0)
                await self.app(scope, _replay(body), send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def _read_bounded(receive: Receive, body: IO[bytes], limit: int, drain: int) -> bool:
    """Write the whole body to ``body`` if it is at most ``limit``; otherwise drain up to ``drain`` and say no."""
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return size <= limit
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= limit:
            body.write(chunk)
        if not message.get("more_body", False):
            return size <= limit
        if size > drain:
            return False


def _replay(body: IO[bytes]) -> Receive:
    """The body again, for the app, in pieces (a small form is one piece; a photo streams from the spool)."""
    done = False

    async def receive() -> Message:
        nonlocal done
        if done:
            return {"type": "http.disconnect"}
        chunk = body.read(REPLAY_CHUNK)
        done = len(chunk) < REPLAY_CHUNK
        return {"type": "http.request", "body": chunk, "more_body": not done}

    return receive


def create_app(
    facilitation: Facilitation,
    *,
    join_url: Callable[[], str],
    submissions_per_minute: int = DEFAULT_PER_MINUTE,
    joins_per_minute: int = DEFAULT_JOINS_PER_ADDRESS,
    posts_per_address: int = DEFAULT_POSTS_PER_ADDRESS,
) -> FastAPI:
    """The web form of one session. ``join_url`` gives the address the QR code shows (it knows the bound port)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    # The topics pages listen to: a phone follows the step it is on, the projector's wall every change.
    changes = Changes({"phone": participant.version, "wall": facilitator.version}, facilitation.state)
    web = Web(
        facilitation=facilitation,
        keys=Keys(facilitation.signing_key()),
        limiter=RateLimit(submissions_per_minute),
        join_url=join_url,
        group=GroupCommit(facilitation),
        joins=Budget(joins_per_minute, joins_per_minute * JOINS_PER_HOUR_FACTOR),
        posts=Budget(posts_per_address, max(POSTS_PER_HOUR, posts_per_address)),
        changes=changes,
        unsubscribe=facilitation.subscribe(lambda _records: changes.publish(facilitation.state)),
    )
    app.state.web = web

    def language(request: Request) -> str:
        return choose_language(request, facilitation.state.info.language)

    def too_large(scope: Scope) -> Response:
        lang = choose_language(Request(scope), facilitation.state.info.language)
        if scope["path"].endswith(PHOTO_PATH):
            limit = MAX_UPLOAD_BYTES // 2**20
            return error_page(lang, 413, "photo_too_large", home=_home(scope["path"], web), limit=limit)
        return error_page(lang, 413, "body_too_large", home=_home(scope["path"], web))

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        home = _home(request.url.path, web) if exc.code != "removed" else None  # no way back for the removed
        return error_page(language(request), exc.status, exc.code, home=home, **exc.params)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code in (404, 405):
            # A wrong token, a wrong path and a wrong method all look the same: nothing to learn from them.
            return not_found_page(language(request))
        return error_page(language(request), exc.status_code, "bad_request", home=_home(request.url.path, web))

    async def toolkit_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ToolkitError)
        log.warning("refused outside a form: %s", exc.message)
        # The disk is full, read-only or locked: "try again in a moment" (503), never "conflict".
        status = 503 if isinstance(exc, StoreError) else 409
        response = error_page(language(request), status, exc.code, home=_home(request.url.path, web), **exc.params)
        if status == 503:
            response.headers["retry-after"] = "5"
        return response

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_page(language(request), 500, "server", home=_home(request.url.path, web))

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ToolkitError, toolkit_error)
    app.add_exception_handler(Exception, unexpected)
    app.add_middleware(Guardrails, too_large=too_large)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(photos.router)  # first: its ``/ph/<id>.jpg`` must not be read as a photo id ending in .jpg
    app.include_router(code.router)
    app.include_router(participant.router)
    app.include_router(own.router)
    app.include_router(privacy.router)
    app.include_router(results.router)
    app.include_router(facilitator.router)
    return app


def _home(path: str, web: Web) -> str | None:
    """Where "back" leads from an error page: the participant's page, when the address had the right token."""
    token = web.facilitation.state.info.join_token
    return f"/j/{token}" if path.startswith(f"/j/{token}") else None


def error_page(lang: str, status: int, code: str, *, home: str | None = None, **params: object) -> Response:
    return render("error.html", lang, status=status, code=code, params=params, home=home)


def not_found_page(lang: str) -> Response:
    return render("not_found.html", lang, status=404)
