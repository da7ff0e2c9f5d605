"""The minutes, downloaded from a phone once the session has ended and the facilitator has written them.

Nothing of the request names the file: the session's folder and the visitor's language choose it (``minutes-sl.docx``
before the session's own language), so no address can reach any other file. Before the end, or before the minutes
exist, the phone gets a page in its language that says so.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from starlette.responses import FileResponse, Response

from ai_toolkit.web.deps import PageError, Visitor, VisitorDep
from ai_toolkit.web.results import DOCX_TYPE, PDFS, minutes_for, soffice

router = APIRouter()


def _minutes(who: Visitor) -> Path:
    f = who.facilitation
    f.refresh()
    s = f.state
    if s.ended_at is None:
        raise PageError(404, "minutes_after_end")
    docx = minutes_for(f.folder, who.lang, s.info.language)
    if docx is None:
        raise PageError(404, "minutes_not_written")
    return docx


def _download(who: Visitor, path: Path, media_type: str) -> Response:
    name = f"{who.facilitation.state.info.id}-{path.name}"  # session ids are [a-z0-9-]: safe in a header
    response = FileResponse(path, media_type=media_type, filename=name, content_disposition_type="attachment")
    return who.finish(response)


@router.get("/j/{token}/minutes.docx")
async def minutes_docx(who: VisitorDep) -> Response:
    return _download(who, _minutes(who), DOCX_TYPE)


@router.get("/j/{token}/minutes.pdf")
async def minutes_pdf(who: VisitorDep) -> Response:
    docx = _minutes(who)
    if soffice() is None:
        raise PageError(404, "minutes_no_pdf")
    pdf = await PDFS.pdf(docx)
    if pdf is None:
        raise PageError(503, "minutes_no_pdf")
    return _download(who, pdf, "application/pdf")
