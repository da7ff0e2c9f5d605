"""Photos of the room's paper from phones: upload, one's own photo (caption, withdraw), the facilitator's phone.

An upload is a plain ``multipart/form-data`` form (it works without JavaScript). The body may be larger on these
routes only (``app.body_limit``); the photo is decoded in a worker thread, at most ``PHOTOS_AT_ONCE`` at a time,
by ``ai_toolkit.imaging`` and handed to the service as a finished JPEG. Before decoding, the handler asks the
service's own question (``photos.refusal_to_send``), so a phone that may not send (its activity closed, twenty
photos sent) is told so without the laptop spending a second of CPU on its picture. Every refusal is the same
page again, in the participant's language, with the caption still in its box.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.checks import MAX_CAPTION, is_id
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.imaging import MAX_UPLOAD_BYTES, prepare
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import Plan, pick
from ai_toolkit.model.session import Photo
from ai_toolkit.web.deps import (
    PageError,
    PhotoSubmissionDep,
    SubmissionDep,
    Visitor,
    VisitorDep,
    Web,
    check_origin,
    field_text,
    get_web,
    read_form,
)
from ai_toolkit.web.guard import new_request_id, request_id_ok
from ai_toolkit.web.render import Labels, render
from ai_toolkit.web.routes.answers import RATE_LIMITED, Draft, Refusal, refusal
from ai_toolkit.web.routes.own import confirm_withdrawal, withdrawn
from ai_toolkit.web.routes.participant import client_id, done, page, page_context

router = APIRouter()

IMAGE_CACHE = "private, max-age=86400, immutable"
"""A photo's file never changes (it is named by its content); a phone need not fetch it again on every reload."""
FACILITATOR = "facilitator"
"""Whose CSRF token and rate limit the facilitator's own phone uses (it has no participant cookie)."""


def limit_mb() -> int:
    return MAX_UPLOAD_BYTES // 2**20


async def finished_jpeg(web: Web, upload: object) -> bytes:
    """The uploaded file made into the JPEG to store (in a worker thread, a few at a time), or ``Refused``."""
    if not isinstance(upload, UploadFile) or not upload.size:
        raise Refused("no photo was sent", code=Code.NO_PHOTO)
    async with web.photo_work:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        return await run_in_threadpool(prepare, data)


def image(web: Web, photo: Photo) -> Response:
    path = web.facilitation.photo_files.path(photo.sha256)
    if not path.is_file():
        raise StarletteHTTPException(404)
    return FileResponse(path, media_type="image/jpeg", headers={"cache-control": IMAGE_CACHE})


# -- a participant's photo ---------------------------------------------------------------------------------------
@router.post("/j/{token}/photo")
async def upload(sub: PhotoSubmissionDep) -> Response:
    who, form = sub.who, sub.form
    caption = field_text(form, "caption")
    draft = {"caption": caption}
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED, draft=draft)
    activity = field_text(form, "activity") or None
    try:
        not_now = photos.refusal_to_send(who.facilitation.state, who.pid, activity)
        if not_now is not None:
            raise not_now
        jpeg = await finished_jpeg(who.web, form.get("photo"))
        cid = client_id(who, form)
        await who.web.group.run(
            lambda: who.facilitation.add_photo(
                jpeg,
                caption=caption,
                source=Source.PARTICIPANT,
                participant_id=who.pid,
                activity_id=activity,
                client_id=cid,
            )
        )
    except ToolkitError as exc:
        return page(who, error=refusal(exc), draft=draft)
    return done(who, "photo_sent", "#notice")


def own_photo(who: Visitor, photo_id: str, *, withdrawn_too: bool = False) -> Photo:
    """The visitor's own photo, not withdrawn (unless ``withdrawn_too``: a retried withdrawal); someone else's, or a
    made-up id, is a plain 404."""
    p = who.facilitation.state.photos.get(photo_id) if is_id("photo", photo_id) else None
    if p is None or p.participant_id != who.pid or (p.withdrawn and not withdrawn_too):
        raise StarletteHTTPException(404)
    return p


@router.get("/j/{token}/ph/{photo_id}.jpg")
async def own_image(who: VisitorDep, photo_id: str) -> Response:
    return who.finish(image(who.web, own_photo(who, photo_id)))


def _still_open(who: Visitor, p: Photo) -> Refusal | None:
    refused = photos.refusal_to_change(who.facilitation.state, p, who.pid or "")
    return refusal(refused) if refused is not None else None


def caption_page(who: Visitor, p: Photo, *, caption: str, error: Refusal | None = None) -> Response:
    s = who.facilitation.state
    found = s.activity(p.activity_id)
    return who.finish(
        render(
            "photo_caption.html",
            who.lang,
            photo=p,
            activity_title=pick(found[1].title, who.lang) if found else "",
            max_caption=MAX_CAPTION,
            **page_context(who, error=error, draft={"caption": caption}),
        )
    )


@router.get("/j/{token}/ph/{photo_id}")
async def caption_form(who: VisitorDep, photo_id: str) -> Response:
    who.facilitation.refresh()
    p = own_photo(who, photo_id)
    closed = _still_open(who, p)
    if closed is not None:
        return page(who, error=closed)
    return caption_page(who, p, caption=p.caption)


@router.post("/j/{token}/ph/{photo_id}")
async def caption(sub: SubmissionDep, photo_id: str) -> Response:
    who = sub.who
    p = own_photo(who, photo_id)
    text = field_text(sub.form, "caption")
    if who.flags.get("rate_limited"):
        return caption_page(who, p, caption=text, error=RATE_LIMITED)
    try:
        cid = client_id(who, sub.form)
        await who.web.group.run(
            lambda: who.facilitation.caption_photo(p.id, text, by_participant=who.pid, client_id=cid)
        )
    except ToolkitError as exc:
        if exc.code in ("activity_closed", "withdrawn"):
            return page(who, error=refusal(exc))
        return caption_page(who, p, caption=text, error=refusal(exc))
    return done(who, "photo_captioned", "#notice")


@router.get("/j/{token}/ph/{photo_id}/withdraw")
async def withdraw_form(who: VisitorDep, photo_id: str) -> Response:
    who.facilitation.refresh()
    p = own_photo(who, photo_id)
    refused = photos.refusal_to_withdraw(p, who.pid or "")
    if refused is not None:
        return page(who, error=refusal(refused))
    quote = p.caption or Labels(who.lang)("web.photo.untitled")
    image_url = f"{who.home}/ph/{p.id}.jpg"
    action = f"{who.home}/ph/{p.id}/withdraw"
    return confirm_withdrawal(who, "web.photo.withdraw_heading", quote, action, image_url, "web.photo.withdraw_text")


@router.post("/j/{token}/ph/{photo_id}/withdraw")
async def withdraw(sub: SubmissionDep, photo_id: str) -> Response:
    who = sub.who
    p = own_photo(who, photo_id, withdrawn_too=True)
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED)
    return await withdrawn(
        who, lambda: who.facilitation.withdraw_photo(p.id, by_participant=who.pid), "photo_withdrawn"
    )


# -- the facilitator's own phone ---------------------------------------------------------------------------------
async def facilitator(token: str, request: Request) -> Web:
    web = get_web(request)
    if not hmac.compare_digest(token.encode(), web.facilitation.state.info.facilitator_token.encode()):
        raise StarletteHTTPException(404)
    return web


FacilitatorDep = Annotated[Web, Depends(facilitator)]


def facilitator_page(
    web: Web, token: str, *, ok: str | None = None, error: Refusal | None = None, draft: dict[str, Any] | None = None
) -> Response:
    s = web.facilitation.state
    lang = s.info.language
    labels = Labels(lang)
    choices = [
        (a.id, f"{labels('web.phase.' + p.value)} · {pick(a.title, lang)}")
        for p, a in photos.activities_for_facilitator(s)
    ]
    listed = list(reversed(photos.listed_photos(s)))
    return render(
        "facilitator_photo.html",
        lang,
        status=error[0] if error else 200,
        session_title=s.info.title,
        base=f"/f/{token}",
        csrf=web.keys.csrf(FACILITATOR),
        rid=new_request_id(),
        choices=choices,
        chosen=(draft or {}).get("activity") or photos.default_activity(s),
        draft=Draft(draft or {}),
        max_caption=MAX_CAPTION,
        limit_mb=limit_mb(),
        photos=listed,
        sender=lambda p: _sender(labels, s.plan, p),
        ok=ok if ok == "photo_sent" else None,
        error=error is not None,
        error_text=labels.error(error[1], error[2]) if error else "",
    )


def _sender(labels: Labels, plan: Plan, p: Photo) -> str:
    if p.source == Source.FACILITATOR:
        return labels("web.photo.by_facilitator")
    return sector_label(plan, p.sector, labels.lang)


@router.get("/f/{token}/photo")
async def facilitator_form(token: str, web: FacilitatorDep, ok: str | None = None) -> Response:
    web.facilitation.refresh()
    return facilitator_page(web, token, ok=ok)


@router.post("/f/{token}/photo")
async def facilitator_upload(token: str, request: Request, web: FacilitatorDep) -> Response:
    check_origin(web, request)
    form = await read_form(request, files=1)
    if not web.keys.csrf_ok(FACILITATOR, _text(form, "csrf")) or not request_id_ok(_text(form, "rid")):
        raise PageError(403, "csrf")
    draft = {"caption": field_text(form, "caption"), "activity": field_text(form, "activity")}
    if not web.limiter.allow(FACILITATOR):
        return facilitator_page(web, token, error=RATE_LIMITED, draft=draft)
    try:
        jpeg = await finished_jpeg(web, form.get("photo"))
        cid = f"{FACILITATOR}:{field_text(form, 'rid')}"
        await web.group.run(
            lambda: web.facilitation.add_photo(
                jpeg,
                caption=draft["caption"],
                source=Source.FACILITATOR,
                activity_id=draft["activity"] or None,
                client_id=cid,
            )
        )
    except ToolkitError as exc:
        return facilitator_page(web, token, error=refusal(exc), draft=draft)
    return RedirectResponse(f"/f/{token}/photo?ok=photo_sent", status_code=303)


@router.get("/f/{token}/ph/{photo_id}.jpg")
async def facilitator_image(web: FacilitatorDep, photo_id: str) -> Response:
    """Any photo not withdrawn (the wall shows the visible ones, the facilitator's page all)."""
    p = web.facilitation.state.photos.get(photo_id) if is_id("photo", photo_id) else None
    if p is None or p.withdrawn:
        raise StarletteHTTPException(404)
    return image(web, p)


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None
