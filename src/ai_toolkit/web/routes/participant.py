"""The phone's pages under ``/j/<join-token>``: join, then whatever the facilitator has the room doing now.

One address, ``/j/<token>``, always shows the current step, so a reload (or the small script noticing a change)
is all it takes to follow the facilitator. Every form posts and redirects (303) on success; a refusal shows the
same page again with the person's text still in it and the reason in their language. The service decides
everything; these handlers only translate between forms and its calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ai_toolkit.errors import Code, NotFound, StoreError, ToolkitError
from ai_toolkit.facilitation.checks import is_id
from ai_toolkit.facilitation.decisions import commitments, contributions
from ai_toolkit.facilitation.decisions.phones import follow_up_shown, phone_version, phone_view
from ai_toolkit.i18n.sectors import SectorForm, sector_label
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Commitment, Contribution, SessionState, VoteRound
from ai_toolkit.model.text import MAX_TEXT
from ai_toolkit.web.deps import SubmissionDep, Visitor, VisitorDep, check_join_token, field_text, get_web
from ai_toolkit.web.guard import COOKIE_SECONDS, LANG_COOKIE, new_request_id
from ai_toolkit.web.push import EventStream
from ai_toolkit.web.render import LANGUAGES, Labels, render

router = APIRouter()

OK_CODES = {"sent", "edited", "withdrawn", "voted", "committed", "joined", "details", "commitment_withdrawn"}

STATUS_FOR = {
    "rate_limited": 429,
    "activity_closed": 409,
    "vote_closed": 409,
    "session_ended": 409,
    "not_started": 409,
    "withdrawn": 409,
    "taken_up": 409,
    "unknown_vote": 409,
}

Refusal = tuple[int, str, dict[str, Any]]


class Draft(dict[str, Any]):
    """What the person had typed, for showing it again; a missing field is empty, never an error."""

    def __missing__(self, key: str) -> Any:
        return ""


def refusal(exc: ToolkitError) -> Refusal:
    status = STATUS_FOR.get(exc.code) or (
        404 if isinstance(exc, NotFound) else 503 if isinstance(exc, StoreError) else 400
    )
    return status, exc.code, dict(exc.params)


RATE_LIMITED: Refusal = (429, "rate_limited", {})


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


def page(
    who: Visitor,
    *,
    ok: str | None = None,
    error: Refusal | None = None,
    draft: dict[str, Any] | None = None,
    vote_draft: dict[str, int] | None = None,
) -> Response:
    """The participant's page as things stand now: join form, or the current step with their own contributions."""
    s = who.facilitation.state
    lang = who.lang
    labels = Labels(lang)
    context: dict[str, Any] = {
        "session_title": s.info.title,
        "home": who.home,
        "csrf": who.csrf,
        "rid": new_request_id(),
        "version": version(s),
        "ok": ok if ok in OK_CODES else None,
        "error": error is not None,
        "error_text": labels.error(error[1], error[2]) if error else "",
        "topic": s.info.affirmative_topic,
        "draft": Draft(draft or {}),
        "max_text": MAX_TEXT,
        "follow_up": follow_up_shown(s),
    }
    status = error[0] if error else 200
    participant = who.participant
    if participant is None:
        html = render("join.html", lang, status=status, sectors=sector_choices(s, lang), **context)
        return who.finish(html)
    view = view_of(s)
    sector = sector_label(s.plan, participant.sector, lang)
    context |= {
        "view": view,
        "participant": participant,
        "participant_label": f"{participant.name or labels('web.anonymous')} · {sector}",
    }
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
        mine = [c for c in s.contributions.values() if c.participant_id == who.pid and not c.hidden]
        here = [c for c in mine if c.activity_id == act.id]
        context |= {"yours": list(reversed(here)), "earlier": len(mine) - len(here)}
        context["taken_up"] = {c.id for c in here if _refused_as(s, c, who.pid or "") == Code.TAKEN_UP}
        context["commitments"] = [k for k in s.commitments.values() if k.participant_id == who.pid and not k.hidden]
        context["propositions"] = [p for p in s.propositions.values() if not p.hidden]
        context["serves"] = {p.id: p.text for p in s.propositions.values()}
        context["today"] = who.facilitation.clock().date().isoformat()
        if view == "vote":
            assert s.open_vote is not None
            context |= _vote_context(s.open_vote, who.pid, vote_draft)
    return who.finish(render("activity.html", lang, status=status, **context))


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
@router.get("/j/{token}")
async def home(who: VisitorDep, ok: str | None = None) -> Response:
    who.facilitation.refresh()
    return page(who, ok=ok)


@router.get("/j/{token}/state.json")
async def state(token: str, request: Request) -> Response:
    """What the page's script asks when it cannot listen to ``events`` (an old browser): the same version."""
    web = get_web(request)
    check_join_token(web, token)
    f = web.facilitation
    f.refresh()
    return JSONResponse({"v": version(f.state)}, headers={"cache-control": "no-store"})


@router.get("/j/{token}/events")
async def events(token: str, request: Request) -> Response:
    """The page's change stream (push): a new ``version`` whenever the page should reload."""
    web = get_web(request)
    check_join_token(web, token)
    return EventStream(web.changes, "phone")


@router.get("/j/{token}/lang/{code}")
async def choose_language(who: VisitorDep, code: str) -> Response:
    if code not in LANGUAGES:
        raise StarletteHTTPException(404)
    response = RedirectResponse(who.home, status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=COOKIE_SECONDS, httponly=True, samesite="lax", secure=who.secure)
    return who.finish(response)


def details_draft(form: FormData) -> dict[str, Any]:
    """The join form's fields (also the "my details" form's), as typed."""
    draft: dict[str, Any] = {key: field_text(form, key) for key in ("name", "organisation", "sector")}
    draft["consent"] = field_text(form, "consent") == "yes"
    return draft


@router.post("/j/{token}/join")
async def join(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    draft = details_draft(form)
    name, organisation, sector, consent = draft["name"], draft["organisation"], draft["sector"], draft["consent"]
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
                language=who.lang,
                participant_id=who.pid,
                client_id=cid,
            )
        )
    except ToolkitError as exc:
        if exc.code != "already_joined":  # the same person pressing Join twice: they are in
            return page(who, error=refusal(exc), draft=draft)
    return done(who, "joined")


@router.post("/j/{token}/contribute")
async def contribute(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    text = field_text(form, "text")
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED, draft={"text": text})
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
            )
        )
    except ToolkitError as exc:
        return page(who, error=refusal(exc), draft={"text": text})
    return done(who, "sent", "#notice")


@router.post("/j/{token}/commit")
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
        return page(who, error=refusal(exc), draft=draft)
    return done(who, "committed", "#notice")


@router.post("/j/{token}/vote")
async def vote(sub: SubmissionDep) -> Response:
    who, form = sub.who, sub.form
    dots: dict[str, int] = {}
    for key, value in form.multi_items():
        if not key.startswith("d_") or not isinstance(value, str):
            continue
        raw = value.strip() or "0"
        if not raw.isdigit() or len(raw) > 3:
            return page(who, error=(400, "bad_dots", {}), vote_draft=dots)
        dots[key[2:]] = int(raw)
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


# -- one's own contribution: edit and withdraw -----------------------------------------------------------
def own_contribution(who: Visitor, contribution_id: str) -> Contribution:
    """The visitor's own contribution; someone else's, or a made-up id, is a plain 404."""
    c = who.facilitation.state.contributions.get(contribution_id) if is_id("contribution", contribution_id) else None
    if c is None or c.participant_id != who.pid:
        raise StarletteHTTPException(404)
    return c


def edit_page(who: Visitor, c: Contribution, *, text: str, error: Refusal | None = None) -> Response:
    s = who.facilitation.state
    found = s.activity(c.activity_id)
    prompt = pick(found[1].prompt, who.lang) if found and found[1].prompt else ""
    return who.finish(
        render(
            "edit.html",
            who.lang,
            status=error[0] if error else 200,
            session_title=s.info.title,
            home=who.home,
            csrf=who.csrf,
            rid=new_request_id(),
            contribution=c,
            prompt=prompt,
            draft=Draft(text=text),
            max_text=MAX_TEXT,
            ok=None,
            error=error is not None,
            error_text=Labels(who.lang).error(error[1], error[2]) if error else "",
        )
    )


def _still_open(who: Visitor, c: Contribution) -> Refusal | None:
    refused = contributions.refusal_to_change(who.facilitation.state, c, who.pid or "")
    return refusal(refused) if refused is not None else None


@router.get("/j/{token}/c/{contribution_id}")
async def edit_form(who: VisitorDep, contribution_id: str) -> Response:
    who.facilitation.refresh()
    c = own_contribution(who, contribution_id)
    closed = _still_open(who, c)
    if closed is not None:
        return page(who, error=closed)
    return edit_page(who, c, text=c.text)


@router.post("/j/{token}/c/{contribution_id}")
async def edit(sub: SubmissionDep, contribution_id: str) -> Response:
    who, form = sub.who, sub.form
    c = own_contribution(who, contribution_id)
    text = field_text(form, "text")
    if who.flags.get("rate_limited"):
        return edit_page(who, c, text=text, error=RATE_LIMITED)
    try:
        cid = client_id(who, form)
        await who.web.group.run(
            lambda: who.facilitation.edit_contribution(c.id, text, by_participant=who.pid, client_id=cid)
        )
    except ToolkitError as exc:
        if exc.code in ("activity_closed", "withdrawn", "taken_up"):
            # It can no longer change: show the current step, with the text in its box so nothing is lost.
            return page(who, error=refusal(exc), draft={"text": text})
        return edit_page(who, c, text=text, error=refusal(exc))
    return done(who, "edited", "#notice")


# -- withdrawing one's own contribution or commitment: a confirm page, then the post ---------------------------
def confirm_withdrawal(who: Visitor, heading: str, quote: str, action: str) -> Response:
    return who.finish(
        render(
            "withdraw.html",
            who.lang,
            session_title=who.facilitation.state.info.title,
            home=who.home,
            csrf=who.csrf,
            rid=new_request_id(),
            heading=heading,
            quote=quote,
            action=action,
            ok=None,
            error=False,
            error_text="",
        )
    )


async def withdrawn(who: Visitor, command: Callable[[], object], notice: str) -> Response:
    try:
        await who.web.group.run(command)
    except ToolkitError as exc:
        if exc.code != "withdrawn":  # a retry of a withdrawal that went through: done
            return page(who, error=refusal(exc))
    return done(who, notice, "#notice")


@router.get("/j/{token}/c/{contribution_id}/withdraw")
async def withdraw_form(who: VisitorDep, contribution_id: str) -> Response:
    who.facilitation.refresh()
    c = own_contribution(who, contribution_id)
    closed = _still_open(who, c)
    if closed is not None:
        return page(who, error=closed)
    return confirm_withdrawal(who, "web.withdraw.heading", c.text, f"{who.home}/c/{c.id}/withdraw")


@router.post("/j/{token}/c/{contribution_id}/withdraw")
async def withdraw(sub: SubmissionDep, contribution_id: str) -> Response:
    who = sub.who
    c = own_contribution(who, contribution_id)
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED)
    return await withdrawn(
        who, lambda: who.facilitation.hide_contribution(c.id, True, by_participant=who.pid), "withdrawn"
    )


# -- one's own details: fix a sector, a name, or the consent to be named after joining ------------------
def me_page(who: Visitor, draft: dict[str, Any], *, error: Refusal | None = None) -> Response:
    return who.finish(
        render(
            "me.html",
            who.lang,
            status=error[0] if error else 200,
            session_title=who.facilitation.state.info.title,
            home=who.home,
            csrf=who.csrf,
            rid=new_request_id(),
            sectors=sector_choices(who.facilitation.state, who.lang),
            draft=Draft(draft),
            ok=None,
            error=error is not None,
            error_text=Labels(who.lang).error(error[1], error[2]) if error else "",
        )
    )


@router.get("/j/{token}/me")
async def me_form(who: VisitorDep) -> Response:
    who.facilitation.refresh()
    p = who.participant
    if p is None:  # not joined (or a new browser): the join form is where their details go
        return who.finish(RedirectResponse(who.home, status_code=303))
    draft = {"name": p.name, "organisation": p.organisation, "sector": p.sector, "consent": p.consent_named}
    return me_page(who, draft)


@router.post("/j/{token}/me")
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
                language=who.lang,
            )
        )
    except ToolkitError as exc:
        return me_page(who, draft, error=refusal(exc))
    return done(who, "details", "#notice")


# -- one's own commitment: withdraw it while Destiny is on -----------------------------------------------
def own_commitment(who: Visitor, commitment_id: str) -> Commitment:
    """The visitor's own commitment; someone else's, or a made-up id, is a plain 404."""
    k = who.facilitation.state.commitments.get(commitment_id) if is_id("commitment", commitment_id) else None
    if k is None or k.participant_id != who.pid:
        raise StarletteHTTPException(404)
    return k


def _commitment_open(who: Visitor, k: Commitment) -> Refusal | None:
    refused = commitments.refusal_to_withdraw(who.facilitation.state, k, who.pid or "")
    return refusal(refused) if refused is not None else None


@router.get("/j/{token}/k/{commitment_id}/withdraw")
async def withdraw_commitment_form(who: VisitorDep, commitment_id: str) -> Response:
    who.facilitation.refresh()
    k = own_commitment(who, commitment_id)
    closed = _commitment_open(who, k)
    if closed is not None:
        return page(who, error=closed)
    return confirm_withdrawal(who, "web.withdraw.commitment_heading", k.what, f"{who.home}/k/{k.id}/withdraw")


@router.post("/j/{token}/k/{commitment_id}/withdraw")
async def withdraw_commitment(sub: SubmissionDep, commitment_id: str) -> Response:
    who = sub.who
    k = own_commitment(who, commitment_id)
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED)
    return await withdrawn(
        who, lambda: who.facilitation.hide_commitment(k.id, True, by_participant=who.pid), "commitment_withdrawn"
    )
