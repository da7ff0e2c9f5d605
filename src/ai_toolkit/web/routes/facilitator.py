"""The projector view under ``/f/<facilitator-token>``: the current prompt, the QR code, live vote bars.

It changes nothing (the facilitator drives from the TUI or the CLI); it only shows the room where it is, in the
session's language, and reloads itself when something changes.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ai_toolkit.facilitation.decisions.phones import follow_up_shown
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.qr import qr_svg
from ai_toolkit.web.deps import Web, get_web
from ai_toolkit.web.push import EventStream
from ai_toolkit.web.render import render

router = APIRouter()


async def facilitator(token: str, request: Request) -> Web:
    web = get_web(request)
    if not hmac.compare_digest(token.encode(), web.facilitation.state.info.facilitator_token.encode()):
        raise StarletteHTTPException(404)
    return web


FacilitatorDep = Annotated[Web, Depends(facilitator)]


def version(s: SessionState) -> str:
    """Any change at all (a contribution, a dot) shows on the projector."""
    return str(s.seq)


@router.get("/f/{token}")
async def projector(token: str, web: FacilitatorDep) -> Response:
    web.facilitation.refresh()
    s = web.facilitation.state
    lang = s.info.language
    context: dict[str, Any] = {
        "session_title": s.info.title,
        "base": f"/f/{token}",
        "version": version(s),
        "join_url": web.join_url(),
        "joined": len(s.participants),
        "topic": s.info.affirmative_topic,
        "ended": s.ended_at is not None,
        "follow_up": follow_up_shown(s),
        "phase": None,
        "vote": None,
    }
    cur = s.current
    if cur is not None:
        phase, act = cur
        assert s.position is not None
        context |= {
            "phase": phase.value,
            "step": s.position + 1,
            "steps": len(s.plan.steps()),
            "activity_title": pick(act.title, lang),
            "prompt": pick(act.prompt, lang) if act.prompt else "",
        }
    here = cur[1].id if cur else None
    context["contributions"] = sum(1 for c in s.contributions.values() if c.activity_id == here and not c.hidden)
    vote = s.open_vote or (list(s.votes.values())[-1] if s.votes else None)
    if vote is not None:
        tally = vote.tally()
        context |= {"vote": vote, "tally": tally, "tally_max": max([n for _, n in tally] + [1])}
    return render("facilitator.html", lang, **context)


@router.get("/f/{token}/state.json")
async def projector_state(web: FacilitatorDep) -> Response:
    web.facilitation.refresh()
    return JSONResponse({"v": version(web.facilitation.state)})


@router.get("/f/{token}/events")
async def projector_events(web: FacilitatorDep) -> Response:
    """The wall's change stream (push): every change to the session, as its sequence number."""
    return EventStream(web.changes, "wall")


@router.get("/f/{token}/qr.svg")
async def projector_qr(web: FacilitatorDep) -> Response:
    return Response(qr_svg(web.join_url()), media_type="image/svg+xml")
