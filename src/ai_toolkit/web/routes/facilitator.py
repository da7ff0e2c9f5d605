"""The room's screen under ``/f/<facilitator-token>``: the wall the projector shows.

It changes nothing (the facilitator drives from the TUI or the CLI); it shows the room where it is, in the session's
language, and follows every change without a key press: the page listens to the ``wall`` topic (``events``) and
swaps in the new screen (``screen``) without reloading, so the projector never flashes. A browser without
EventSource asks ``state.json``; without JavaScript the page reloads itself every few seconds. A wrong token is the
same 404 as any unknown address.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ai_toolkit.facilitation.decisions.wall import wall_version
from ai_toolkit.model.session import SessionState
from ai_toolkit.qr import qr_svg
from ai_toolkit.web.deps import Web, get_web
from ai_toolkit.web.push import EventStream
from ai_toolkit.web.render import render
from ai_toolkit.web.wall import wall_context

router = APIRouter()

NOSCRIPT_REFRESH_SECONDS = 10
"""Without JavaScript (or if the script cannot run) the wall still follows the room, by reloading."""
QR_CACHE_SECONDS = 3600
"""The QR code stays the same while the server runs: the wall's page may keep it rather than ask on every change."""


async def facilitator(token: str, request: Request) -> Web:
    web = get_web(request)
    if not hmac.compare_digest(token.encode(), web.facilitation.state.info.facilitator_token.encode()):
        raise StarletteHTTPException(404)
    return web


FacilitatorDep = Annotated[Web, Depends(facilitator)]


def version(s: SessionState) -> str:
    """The push topic's version: the wall's answer (any change at all)."""
    return wall_version(s)


def _context(token: str, web: Web, request: Request) -> dict[str, Any]:
    web.facilitation.refresh()
    f = web.facilitation
    theme = request.query_params.get("theme")
    return wall_context(f.state, now=f.clock(), join_url=web.join_url(), base=f"/f/{token}") | {
        "theme": theme if theme in ("light", "dark") else None,
        "refresh_seconds": NOSCRIPT_REFRESH_SECONDS,
    }


@router.get("/f/{token}")
async def wall_page(token: str, web: FacilitatorDep, request: Request) -> Response:
    context = _context(token, web, request)
    return render("wall.html", web.facilitation.state.info.language, **context)


@router.get("/f/{token}/screen")
async def wall_screen(token: str, web: FacilitatorDep, request: Request) -> Response:
    """The current screen alone, for the page's script to swap in."""
    context = _context(token, web, request)
    return render("wall/_screen.html", web.facilitation.state.info.language, **context)


@router.get("/f/{token}/state.json")
async def wall_state(web: FacilitatorDep) -> Response:
    web.facilitation.refresh()
    return JSONResponse({"v": version(web.facilitation.state)})


@router.get("/f/{token}/events")
async def wall_events(web: FacilitatorDep) -> Response:
    """The wall's change stream (push): every change to the session, as its version."""
    return EventStream(web.changes, "wall")


@router.get("/f/{token}/qr.svg")
async def wall_qr(web: FacilitatorDep) -> Response:
    headers = {"cache-control": f"private, max-age={QR_CACHE_SECONDS}"}
    return Response(qr_svg(web.join_url()), media_type="image/svg+xml", headers=headers)
