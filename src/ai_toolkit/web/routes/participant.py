"""The phone's pages under ``/j/<join-token>``: join, then whatever the facilitator has the room doing now.

One address, ``/j/<token>``, always shows the current step, so a reload (or the small script noticing a change)
is all it takes to follow the facilitator. Every form posts and redirects (303) on success; a refusal shows the
same page again with the person's text still in it and the reason in their language. The service decides
everything; these handlers only translate between forms and its calls.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ai_toolkit.errors import Code, ToolkitError
from ai_toolkit.facilitation.checks import MAX_DOTS, whole_number
from ai_toolkit.facilitation.decisions import contributions, photos
from ai_toolkit.facilitation.decisions.contributions import asks_whose_story
from ai_toolkit.facilitation.decisions.phones import WAITING, follow_up_shown, phone_version, phone_view
from ai_toolkit.i18n.sectors import SectorForm, sector_label, sector_labels
from ai_toolkit.imaging import MAX_UPLOAD_BYTES
from ai_toolkit.model.enums import Source, Teller
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Contribution, SessionState, VoteRound
from ai_toolkit.model.text import MAX_TEXT
from ai_toolkit.web.deps import PageError, SubmissionDep, Visitor, VisitorDep, check_join_token, field_text, get_web
from ai_toolkit.web.guard import COOKIE_SECONDS, LANG_COOKIE, new_request_id
from ai_toolkit.web.push import EventStream
from ai_toolkit.web.ranking import result_context
from ai_toolkit.web.render import LANGUAGES, Labels, render
from ai_toolkit.web.results import results
from ai_toolkit.web.routes.answers import OK_CODES, RATE_LIMITED, Draft, Refusal, refusal

router = APIRouter(prefix="/j/{token}")
"""Every participant page of this module lives under the join token; the token is checked by each dependency."""

STEP_CODES = frozenset({"activity_closed", "vote_closed", "unknown_vote", "no_open_vote"})
"""Refusals of a post the room's current step does not offer (a contribution during the vote, a ballot with no vote
open, a commitment outside Destiny's step): answered 409 with the page of what the room is doing now, saying so."""

NOSCRIPT_REFRESH_SECONDS = 5
"""How often a waiting page reloads itself in a browser without JavaScript (with it, the page hears of changes)."""


# -- what the page shows ---------------------------------------------------------------------------------
def version(s: SessionState) -> str:
    return phone_version(s)


def view_of(s: SessionState) -> str:
    return phone_view(s).value


def sector_choices(s: SessionState, lang: str) -> list[tuple[str, str, str]]:
    """The join form's sectors in the plan's order: the common ones and the plan's own, with name and hint."""
    return [
        (code, sector_label(s.plan, code, lang), sector_label(s.plan, code, lang, SectorForm.HINT))
        for code in s.plan.sector_ids()
    ]


def page_context(
    who: Visitor, *, ok: str | None = None, error: Refusal | None = None, draft: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What every participant page shares (``render``'s arguments): the session's title, the way home, the form's
    CSRF token and a fresh request id, the notice after a success or a refusal in the reader's language (and its
    status), and what the person had typed."""
    return {
        "status": error[0] if error else 200,
        "session_title": who.facilitation.state.info.title,
        "home": who.home,
        "csrf": who.csrf,
        "rid": new_request_id(),
        "ok": ok if ok in OK_CODES else None,
        "error": error is not None,
        "error_text": Labels(who.lang).error(error[1], error[2]) if error else "",
        "draft": Draft(draft or {}),
    }


def page(
    who: Visitor,
    *,
    ok: str | None = None,
    error: Refusal | None = None,
    draft: dict[str, Any] | None = None,
    vote_draft: dict[str, int] | None = None,
    unsent: str = "",
) -> Response:
    """The participant's page as things stand now: join form, or the current step with their own contributions.

    A post the current step does not offer (``STEP_CODES``) gets this page with a line saying what the room is
    doing now, and what the person wrote (``unsent``) shown to copy when this step has no form to hold it."""
    s = who.facilitation.state
    if who.pid in s.removed:  # removed while this request was on its way (the service refused it)
        raise PageError(403, "removed")
    lang = who.lang
    labels = Labels(lang)
    context = page_context(who, ok=ok, error=error, draft=draft) | {
        "version": version(s),
        "spread": who.web.changes.spread_ms("phone"),
        "topic": s.info.affirmative_topic,
        "max_text": MAX_TEXT,
        "follow_up": follow_up_shown(s),
        "now_text": labels(f"web.now.{view_of(s)}") if error is not None and error[1] in STEP_CODES else "",
        "unsent": unsent if error is not None else "",
    }
    participant = who.participant
    view = view_of(s)
    if participant is None and view != "ended":  # after the end, anyone in the room sees the results
        return who.finish(render("join.html", lang, sectors=sector_choices(s, lang), **context))
    context |= {
        "view": view,
        "waiting": view in WAITING,
        "refresh_seconds": NOSCRIPT_REFRESH_SECONDS,
        "participant": participant,
    }
    if participant is not None:
        sector = sector_label(s.plan, participant.sector, lang)
        context["participant_label"] = f"{participant.name or labels('web.anonymous')} · {sector}"
    if view == "ended":
        context |= results(s, lang, who.facilitation.folder)
    cur = s.current
    if cur is not None:
        phase, act = cur
        steps = s.plan.steps()
        assert s.position is not None
        context |= {
            "phase": phase.value,
            "step": s.position + 1,
            "steps": len(steps),
            "activity_id": act.id,
            "activity_title": pick(act.title, lang),
            "prompt": pick(act.prompt, lang) if act.prompt else "",
        }
        # Their own, also what the facilitator hid (it is still theirs to edit or withdraw); never a withdrawn one.
        mine = [c for c in s.contributions.values() if c.participant_id == who.pid and not c.withdrawn]
        here = [c for c in mine if c.activity_id == act.id]
        context |= {"yours": list(reversed(here)), "earlier": len(mine) - len(here)}
        context |= {
            "photos": [p for p in reversed(photos.sent_by(s, who.pid)) if p.activity_id == act.id],
            "photos_left": photos.photos_left(s, who.pid),
            "photo_limit_mb": MAX_UPLOAD_BYTES // 2**20,
        }
        context["taken_up"] = {c.id for c in here if _refused_as(s, c, who.pid or "") == Code.TAKEN_UP}
        context["commitments"] = [k for k in s.commitments.values() if k.participant_id == who.pid and not k.withdrawn]
        context["propositions"] = [p for p in s.propositions.values() if not p.hidden]
        context["serves"] = {p.id: p.text for p in s.propositions.values()}
        context["today"] = who.facilitation.clock().date().isoformat()
        context["whose_story"] = asks_whose_story(act)
        context["sectors"] = sector_choices(s, lang)
        context["sector_names"] = sector_labels(s.plan, lang)
        if view == "vote":
            assert s.open_vote is not None
            context |= _vote_context(s.open_vote, who.pid, vote_draft)
        elif view == "vote_result":
            context |= result_context(s)
    return who.finish(render("activity.html", lang, **context))


def _unsent(who: Visitor, view: str, text: str) -> str:
    """What someone wrote for a form this step no longer shows: given back to copy, never silently dropped."""
    return text if view_of(who.facilitation.state) != view else ""


def _refused_as(s: SessionState, c: Contribution, pid: str) -> str | None:
    refused = contributions.refusal_to_change(s, c, pid)
    return refused.code if refused is not None else None


def _vote_context(vote: VoteRound, pid: str, draft: dict[str, int] | None) -> dict[str, Any]:
    ballot = vote.ballots.get(pid, {})
    shown = {o.id: max(0, int((draft if draft is not None else ballot).get(o.id, 0))) for o in vote.options}
    return {"vote": vote, "draft": shown, "left": vote.dots - sum(shown.values()), "ballot": ballot}


def done(who: Visitor, ok: str, anchor: str = "") -> Response:
    """Post/redirect/get: a reload after sending never sends twice."""
    return who.finish(RedirectResponse(f"{who.home}?ok={ok}{anchor}", status_code=303))


def client_id(who: Visitor, form: FormData) -> str:
    """The form's own id, per participant: a browser's retry finds the first attempt's result."""
    return f"{who.pid}:{field_text(form, 'rid')}"


# -- pages -----------------------------------------------------------------------------------------------
@router.get("")
async def home(who: VisitorDep, ok: str | None = None) -> Response:
    who.facilitation.refresh()
    return page(who, ok=ok)


@router.get("/state.json")
async def state(token: str, request: Request) -> Response:
    """What the page's script asks when it cannot listen to ``events`` (an old browser): the same version."""
    web = get_web(request)
    check_join_token(web, token)
    f = web.facilitation
    f.refresh()
    return JSONResponse({"v": version(f.state)}, headers={"cache-control": "no-store"})


@router.get("/events")
async def events(token: str, request: Request) -> Response:
    """The page's change stream (push): a new ``version`` whenever the page should reload."""
    web = get_web(request)
    check_join_token(web, token)
    return EventStream(web.changes, "phone")


@router.get("/lang/{code}")
async def choose_language(who: VisitorDep, code: str) -> Response:
    if code not in LANGUAGES:
        raise StarletteHTTPException(404)
    response = RedirectResponse(who.home, status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=COOKIE_SECONDS, httponly=True, samesite="lax", secure=who.secure)
    return who.finish(response)


def details_draft(form: FormData) -> dict[str, Any]:
    """The join form's fields (also the "my details" form's), as typed. Two consents, both off unless ticked:
    to be named, and to have one's organisation listed."""
    draft: dict[str, Any] = {key: field_text(form, key) for key in ("name", "organisation", "sector")}
    draft["consent"] = field_text(form, "consent") == "yes"
    draft["consent_org"] = field_text(form, "consent_org") == "yes"
    return draft


@router.post("/join")
async def join(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    draft = details_draft(form)
    name, organisation, sector = draft["name"], draft["organisation"], draft["sector"]
    consent, consent_org = draft["consent"], draft["consent_org"]
    if who.flags.get("rate_limited") or not who.web.joins.allow(sub.address):
        return page(who, error=RATE_LIMITED, draft=draft)
    if sector not in who.facilitation.state.plan.sector_ids():
        return page(who, error=(400, "no_sector", {}), draft=draft)
    try:
        cid = client_id(who, form)
        await who.web.group.run(
            lambda: who.facilitation.join(
                name=name,
                organisation=organisation,
                sector=sector,
                consent_named=consent,
                consent_organisation=consent_org,
                language=who.lang,
                participant_id=who.pid,
                client_id=cid,
            )
        )
    except ToolkitError as exc:
        if exc.code != "already_joined":  # the same person pressing Join twice: they are in
            return page(who, error=refusal(exc), draft=draft)
    return done(who, "joined")


@router.post("/contribute")
async def contribute(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    text = field_text(form, "text")
    # Whose story (asked where the activity collects stories): a partner's is filed under the storyteller's
    # sector, as the sender says it, never under the sender. A form without the question sends their own.
    draft = {"text": text, "told_by": field_text(form, "told_by"), "teller_sector": field_text(form, "teller_sector")}
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED, draft=draft)
    partner = draft["told_by"] == Teller.PARTNER
    if partner and draft["teller_sector"] not in who.facilitation.state.plan.sector_ids():
        return page(who, error=(400, "no_storyteller", {}), draft=draft)
    try:
        cid, activity = client_id(who, form), field_text(form, "activity") or None
        await who.web.group.run(
            lambda: who.facilitation.add_contribution(
                text,
                source=Source.PARTICIPANT,
                participant_id=who.pid,
                language=who.lang,
                client_id=cid,
                activity_id=activity,
                told_by=Teller.PARTNER if partner else Teller.OWN,
                sector=draft["teller_sector"] if partner else None,
            )
        )
    except ToolkitError as exc:
        return page(who, error=refusal(exc), draft=draft, unsent=_unsent(who, "contribute", text))
    return done(who, "sent", "#notice")


@router.post("/commit")
async def commit(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    draft = {
        "what": field_text(form, "what"),
        "by_when": field_text(form, "by_when"),
        "support": field_text(form, "support"),
        "proposition": field_text(form, "proposition"),
    }
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED, draft=draft)
    try:
        cid = client_id(who, form)
        await who.web.group.run(
            lambda: who.facilitation.add_commitment(
                draft["what"],
                by_when=draft["by_when"].strip() or None,
                support_needed=draft["support"],
                proposition_id=draft["proposition"].strip() or None,
                source=Source.PARTICIPANT,
                participant_id=who.pid,
                client_id=cid,
            )
        )
    except ToolkitError as exc:
        unsent = "\n\n".join(v for v in (draft["what"], draft["support"]) if v.strip())
        return page(who, error=refusal(exc), draft=draft, unsent=_unsent(who, "commit", unsent))
    return done(who, "committed", "#notice")


@router.post("/vote")
async def vote(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    dots: dict[str, int] = {}
    for key, value in form.multi_items():
        if not key.startswith("d_") or not isinstance(value, str):
            continue
        try:
            dots[key[2:]] = whole_number(value, "dots", maximum=MAX_DOTS, code=Code.BAD_DOTS)
        except ToolkitError:
            return page(who, error=(400, "bad_dots", {}), vote_draft=dots)
    step = field_text(form, "step")
    if step and not field_text(form, "send"):
        # Without JavaScript, − and + post the form: show it again with the dot moved, nothing is cast yet.
        return page(who, vote_draft=_stepped(who, field_text(form, "vote"), dots, step))
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED, vote_draft=dots)
    try:
        cid, vote_id, ballot = client_id(who, form), field_text(form, "vote"), {k: n for k, n in dots.items() if n > 0}
        await who.web.group.run(lambda: who.facilitation.cast(vote_id, who.pid, ballot, client_id=cid))
    except ToolkitError as exc:
        return page(who, error=refusal(exc), vote_draft=dots)
    return done(who, "voted")


def _stepped(who: Visitor, vote_id: str, dots: dict[str, int], step: str) -> dict[str, int]:
    vote = who.facilitation.state.votes.get(vote_id)
    option, _, delta = step.partition(":")
    if vote is None or option not in dots or delta not in ("1", "-1"):
        return dots
    total = sum(dots.values())
    if delta == "1" and total < vote.dots:
        dots[option] += 1
    elif delta == "-1" and dots[option] > 0:
        dots[option] -= 1
    return dots


# -- one's own details: fix a sector, a name, or the consent to be named after joining ------------------
def me_page(who: Visitor, draft: dict[str, Any], *, error: Refusal | None = None) -> Response:
    sectors = sector_choices(who.facilitation.state, who.lang)
    return who.finish(render("me.html", who.lang, sectors=sectors, **page_context(who, error=error, draft=draft)))


@router.get("/me")
async def me_form(who: VisitorDep) -> Response:
    who.facilitation.refresh()
    p = who.participant
    if p is None:  # not joined (or a new browser): the join form is where their details go
        return who.finish(RedirectResponse(who.home, status_code=303))
    draft = {
        "name": p.name,
        "organisation": p.organisation,
        "sector": p.sector,
        "consent": p.consent_named,
        "consent_org": p.consent_organisation,
    }
    return me_page(who, draft)


@router.post("/me")
async def me(sub: SubmissionDep) -> Response:
    who = sub.who
    if who.participant is None:
        return who.finish(RedirectResponse(who.home, status_code=303))
    draft = details_draft(sub.form)
    if who.flags.get("rate_limited"):
        return me_page(who, draft, error=RATE_LIMITED)
    if draft["sector"] not in who.facilitation.state.plan.sector_ids():
        return me_page(who, draft, error=(400, "no_sector", {}))
    try:
        await who.web.group.run(
            lambda: who.facilitation.update_participant(
                who.pid,
                name=draft["name"],
                organisation=draft["organisation"],
                sector=draft["sector"],
                consent_named=draft["consent"],
                consent_organisation=draft["consent_org"],
                language=who.lang,
            )
        )
    except ToolkitError as exc:
        return me_page(who, draft, error=refusal(exc))
    return done(who, "details", "#notice")
