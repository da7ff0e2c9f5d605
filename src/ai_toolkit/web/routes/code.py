"""The server's front door, ``http://<laptop>:<port>/``: type the six-character code from the wall, join.

The code (``decisions/joining.py``) stands for the session's join token, which nobody can type. A right code leads
to the join page; a wrong one says so and keeps what was typed. Wrong tries are counted per network address: past
``WRONG_CODES_PER_MINUTE`` in a minute that address gets 429 for every try, right or wrong, so a script walking the
code space learns nothing (and at that pace would need years). Lower case, spaces and dashes are fine.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ai_toolkit.facilitation.decisions.joining import MAX_TYPED, code_matches
from ai_toolkit.web.deps import get_web
from ai_toolkit.web.render import choose_language, render

router = APIRouter()


def code_page(request: Request, *, typed: str = "", error: str | None = None, status: int = 200) -> Response:
    web = get_web(request)
    lang = choose_language(request, web.facilitation.state.info.language)
    return render(
        "code.html",
        lang,
        status=status,
        session_title=None,
        typed=typed[:MAX_TYPED],
        error=error,
        max_typed=MAX_TYPED,
    )


@router.get("/")
async def front_door(request: Request) -> Response:
    return code_page(request)


@router.post("/")
async def enter_code(request: Request) -> Response:
    web = get_web(request)
    address = request.client.host if request.client else ""
    try:
        form = await request.form(max_files=0, max_fields=5, max_part_size=4 * 1024)
    except Exception:  # a malformed body: the same page, nothing learned
        return code_page(request, error="web.code.wrong", status=400)
    typed = form.get("code")
    typed = typed if isinstance(typed, str) else ""
    if web.code_tries.full(address):
        return code_page(request, typed=typed, error="web.code.too_many", status=429)
    web.facilitation.refresh()
    if code_matches(web.facilitation.state.info, typed):
        return RedirectResponse(f"/j/{web.facilitation.state.info.join_token}", status_code=303)
    web.code_tries.allow(address)
    return code_page(request, typed=typed, error="web.code.wrong", status=400)
