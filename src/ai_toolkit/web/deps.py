"""What every participant request needs: the session, who is asking, in which language, and the checks on posts."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.session import Participant
from ai_toolkit.web.group import GroupCommit
from ai_toolkit.web.guard import COOKIE, COOKIE_SECONDS, Keys, RateLimit, origin_ok, request_id_ok
from ai_toolkit.web.push import Changes
from ai_toolkit.web.render import choose_language

MAX_FIELDS = 100
"""A vote has at most 40 options: anything with more fields than this is not one of our forms."""


@dataclass
class Web:
    """The one session this server serves, and the guards that go with it."""

    facilitation: Facilitation
    keys: Keys
    limiter: RateLimit
    join_url: Callable[[], str]
    group: GroupCommit
    joins: RateLimit
    """New participants per network address and minute: every fresh cookie is a new participant, so a script
    could otherwise fill the room's attendance with strangers. Generous, since a venue may put phones behind NAT."""
    changes: Changes
    """What the pages listening for changes hear (push)."""
    unsubscribe: Callable[[], None] = lambda: None

    def close(self) -> None:
        """The server stops: streams end, the service no longer tells us anything, the lock probe is closed."""
        self.unsubscribe()
        self.changes.close()
        self.group.close()


class PageError(Exception):
    """A refusal shown as a page of its own (no form to show it in): 403, 404, 413, 429..."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params


def get_web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


@dataclass
class Visitor:
    """The person behind a participant request: their id (from the cookie), language, and participant record."""

    web: Web
    lang: str
    pid: str
    new_cookie: str | None = None
    """Set when this request gave the browser its id: the response must carry the cookie."""
    secure: bool = False
    token: str = ""
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def facilitation(self) -> Facilitation:
        return self.web.facilitation

    @property
    def participant(self) -> Participant | None:
        return self.facilitation.state.participants.get(self.pid)

    @property
    def csrf(self) -> str:
        return self.web.keys.csrf(self.pid)

    @property
    def home(self) -> str:
        return f"/j/{self.token}"

    def finish(self, response: Response) -> Response:
        if self.new_cookie is not None:
            response.set_cookie(
                COOKIE,
                self.new_cookie,
                max_age=COOKIE_SECONDS,
                httponly=True,
                samesite="lax",
                secure=self.secure,
                path="/",
            )
        return response


# Dependencies are ``async def`` on purpose: FastAPI would run a plain ``def`` in a worker thread, and the web
# touches the service only from the event loop's thread. They are flat (one per route, calling helpers rather
# than other dependencies): each level of FastAPI's dependency solving costs as much as our checks themselves.
def check_join_token(web: Web, token: str) -> None:
    """The path's token must be this session's join token; anything else is a plain 404."""
    if not hmac.compare_digest(token.encode(), web.facilitation.state.info.join_token.encode()):
        raise StarletteHTTPException(404)


async def visitor(token: str, request: Request) -> Visitor:
    """Who is asking; a first visit gets a fresh id in a signed cookie."""
    web = get_web(request)
    check_join_token(web, token)
    lang = choose_language(request, web.facilitation.state.info.language)
    pid = web.keys.visitor(request.cookies.get(COOKIE))
    new_cookie = None
    if pid is None:
        pid, new_cookie = web.keys.new_visitor()
    return Visitor(
        web=web, lang=lang, pid=pid, new_cookie=new_cookie, secure=request.url.scheme == "https", token=token
    )


VisitorDep = Annotated[Visitor, Depends(visitor)]


@dataclass
class Submission:
    """A form post that passed the checks, and who sent it."""

    who: Visitor
    form: FormData
    address: str = ""
    """The sender's network address (behind a reverse proxy on the laptop: the one it forwards)."""


async def submission(token: str, request: Request) -> Submission:
    """A form post that passed the checks: same origin, our cookie, the right CSRF token, under the rate limit.

    The form is read first (the body is already bounded to 64 KiB), so a refusal can show the text again.
    """
    who = await visitor(token, request)
    web = who.web
    origin, host = request.headers.get("origin"), request.headers.get("host")
    # The published address (a --public-url behind a proxy) is only asked for when the Host does not match.
    if not origin_ok(origin, host) and not origin_ok(origin, host, web.join_url()):
        raise PageError(403, "origin")
    if who.new_cookie is not None:
        # No cookie came back: the browser refuses cookies, or the page was opened long ago in another session.
        raise PageError(403, "cookies")
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=64 * 1024)
    except Exception:  # malformed multipart or urlencoded body: one plain answer
        raise PageError(400, "bad_request") from None
    if not web.keys.csrf_ok(who.pid, _str(form.get("csrf"))):
        raise PageError(403, "csrf")
    if not request_id_ok(_str(form.get("rid"))):
        raise PageError(400, "bad_request")
    if not web.limiter.allow(who.pid):
        who.flags["rate_limited"] = "1"
    return Submission(who, form, request.client.host if request.client else "")


SubmissionDep = Annotated[Submission, Depends(submission)]


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def field_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
