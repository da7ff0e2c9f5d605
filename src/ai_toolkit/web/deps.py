"""What every participant request needs: the session, who is asking, in which language, and the checks on posts."""

from __future__ import annotations

import asyncio
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.session import Participant
from ai_toolkit.web.group import GroupCommit
from ai_toolkit.web.guard import COOKIE, COOKIE_SECONDS, Budget, Keys, RateLimit, origin_ok, request_id_ok
from ai_toolkit.web.push import Changes
from ai_toolkit.web.render import choose_language

WRONG_CODES_PER_MINUTE = 20
MAX_FIELDS = 100
PHOTOS_AT_ONCE = 2
"""A vote has at most 40 options: anything with more fields than this is not one of our forms."""


@dataclass
class Web:
    """The one session this server serves, and the guards that go with it."""

    facilitation: Facilitation
    keys: Keys
    limiter: RateLimit
    join_url: Callable[[], str]
    group: GroupCommit
    joins: Budget
    """New participants per network address (``Budget``): every fresh cookie is a new participant, so a script
    could otherwise fill the room's attendance with strangers. A whole hall behind one router still joins at once."""
    posts: Budget
    """Posts of any kind per network address: the per-participant limit alone let one address post through dozens
    of participants at once (1,740 contributions in 3.3 s)."""
    changes: Changes
    """What the pages listening for changes hear (push)."""
    unsubscribe: Callable[[], None] = lambda: None
    code_tries: RateLimit = field(default_factory=lambda: RateLimit(WRONG_CODES_PER_MINUTE))
    """Wrong short codes per network address and minute (``routes/code.py``): a person mistypes a few times; a
    script walking the billion codes is stopped at once and learns nothing more."""
    photo_work: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(PHOTOS_AT_ONCE))
    """Photos being decoded at once: each takes a core and up to a few hundred MB while it does."""

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
    elif pid in web.facilitation.state.removed:
        # The facilitator removed this person: every page says so, and nothing they post is taken.
        raise PageError(403, "removed")
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
    return await _submission(token, request, files=0)


async def photo_submission(token: str, request: Request) -> Submission:
    """The same checks for the photo form, which carries one file (its body may be larger: ``app.body_limit``)."""
    return await _submission(token, request, files=1)


async def _submission(token: str, request: Request, *, files: int) -> Submission:
    who = await visitor(token, request)
    web = who.web
    check_origin(web, request)
    if who.new_cookie is not None:
        # No cookie came back: the browser refuses cookies, or the page was opened long ago in another session.
        raise PageError(403, "cookies")
    form = await read_form(request, files=files)
    if not web.keys.csrf_ok(who.pid, _str(form.get("csrf"))):
        raise PageError(403, "csrf")
    if not request_id_ok(_str(form.get("rid"))):
        raise PageError(400, "bad_request")
    address = request.client.host if request.client else ""
    if not web.limiter.allow(who.pid) or not web.posts.allow(address):
        who.flags["rate_limited"] = "1"
    return Submission(who, form, address)


def check_origin(web: Web, request: Request) -> None:
    origin, host = request.headers.get("origin"), request.headers.get("host")
    # The published address (a --public-url behind a proxy) is only asked for when the Host does not match.
    if not origin_ok(origin, host) and not origin_ok(origin, host, web.join_url()):
        raise PageError(403, "origin")


SubmissionDep = Annotated[Submission, Depends(submission)]
PhotoSubmissionDep = Annotated[Submission, Depends(photo_submission)]


async def read_form(request: Request, *, files: int = 0) -> FormData:
    """The form's fields, read as UTF-8 through and through, or a page saying why not.

    A form that carries files (a photo: ``files`` at most) is left to Starlette's multipart parser, which spools a
    file to disk past 1 MB, so a photo never sits in memory whole, let alone twice; its text fields are few and
    short (a caption), and the service cleans them as it cleans every text.

    Starlette reads bytes that are not UTF-8 as Latin-1 (or as U+FFFD), which stored "Ã©" for "é" or changed words
    silently; here such a body is refused (``bad_encoding``). A form of ours carries no files, so a multipart body
    is text too, and a charset other than UTF-8 is refused for the same reason. A URL-encoded body is parsed here,
    strictly: raw UTF-8 in it (curl, not browsers) is read as what it is.
    """
    if files:
        try:
            return await request.form(max_files=files, max_fields=MAX_FIELDS, max_part_size=64 * 1024)
        except Exception:  # malformed multipart or urlencoded body: one plain answer
            raise PageError(400, "bad_request") from None
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    try:
        text = body.decode("utf-8")
        charset = _CHARSET.search(content_type)
        if charset is not None and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise PageError(400, "bad_encoding")
        if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            pairs: list[tuple[str, str | UploadFile]] = list(
                parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
            )
            return FormData(pairs)
    except UnicodeDecodeError:
        raise PageError(400, "bad_encoding") from None
    except ValueError:  # more fields than any form of ours has
        raise PageError(400, "bad_request") from None
    try:
        return await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=64 * 1024)
    except Exception:  # malformed multipart body: one plain answer
        raise PageError(400, "bad_request") from None


_CHARSET = re.compile(r";\s*charset=\"?([\w.-]+)", re.IGNORECASE)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def field_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
