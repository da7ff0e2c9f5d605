"""The phone's privacy page: what this session collects, why, who keeps it, how long, how to withdraw, whom to ask.

Linked from the join page, readable before joining, in the participant's language. The facts (controller, contact,
the date the session is deleted) are the session's own, the same the minutes' data note states.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from ai_toolkit.facilitation.decisions.retention import keep_until
from ai_toolkit.web.deps import VisitorDep
from ai_toolkit.web.render import render

router = APIRouter()


@router.get("/j/{token}/privacy")
async def privacy(who: VisitorDep) -> Response:
    info = who.facilitation.state.info
    contact = info.contact.strip()
    return who.finish(
        render(
            "privacy.html",
            who.lang,
            session_title=info.title,
            home=who.home,
            project=info.project.strip(),
            controller=info.controller.strip() or info.partner.strip(),
            contact=contact,
            contact_is_email="@" in contact and " " not in contact and ":" not in contact,
            keep_until=keep_until(info),
            joined=who.participant is not None,
            ok=None,
            error=False,
            error_text="",
        )
    )
