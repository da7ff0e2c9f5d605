"""One's own items on the phone: edit a contribution while its activity is open, withdraw a contribution or a
commitment at any time, and see everything one has sent (``/mine``).

Withdrawal is the participant's right and it is final: the service erases the words from the session (and its
file), so the confirm page says so. Someone else's item, or a made-up id, is a plain 404: ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation.checks import is_id
from ai_toolkit.facilitation.decisions import commitments, contributions
from ai_toolkit.i18n.sectors import sector_labels
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Commitment, Contribution
from ai_toolkit.model.text import MAX_TEXT
from ai_toolkit.web.deps import SubmissionDep, Visitor, VisitorDep, field_text
from ai_toolkit.web.render import render
from ai_toolkit.web.routes.answers import RATE_LIMITED, Refusal, refusal
from ai_toolkit.web.routes.participant import client_id, done, page, page_context

router = APIRouter()


def own_contribution(who: Visitor, contribution_id: str) -> Contribution:
    """The visitor's own contribution; someone else's, or a made-up id, is a plain 404."""
    c = who.facilitation.state.contributions.get(contribution_id) if is_id("contribution", contribution_id) else None
    if c is None or c.participant_id != who.pid:
        raise StarletteHTTPException(404)
    return c


def own_commitment(who: Visitor, commitment_id: str) -> Commitment:
    """The visitor's own commitment; someone else's, or a made-up id, is a plain 404."""
    k = who.facilitation.state.commitments.get(commitment_id) if is_id("commitment", commitment_id) else None
    if k is None or k.participant_id != who.pid:
        raise StarletteHTTPException(404)
    return k


# -- everything one has sent -----------------------------------------------------------------------------
@router.get("/j/{token}/mine")
async def mine(who: VisitorDep) -> Response:
    """All of one's contributions (by activity) and commitments, each with withdraw; edit where still open."""
    f = who.facilitation
    f.refresh()
    if who.participant is None:
        return page(who)
    s = f.state
    titles = {a.id: pick(a.title, who.lang) for _, a in s.plan.steps()}
    own = [c for c in s.contributions.values() if c.participant_id == who.pid and not c.withdrawn]
    groups: dict[str, list[Contribution]] = {}
    for c in own:
        groups.setdefault(c.activity_id, []).append(c)
    editable = {c.id for c in own if contributions.refusal_to_change(s, c, who.pid) is None}
    withdrawable = {c.id for c in own if contributions.refusal_to_withdraw(c, who.pid) is None}
    return who.finish(
        render(
            "mine.html",
            who.lang,
            groups=[(titles.get(a, a), items) for a, items in groups.items()],
            sector_names=sector_labels(s.plan, who.lang),
            editable=editable,
            withdrawable=withdrawable,
            commitments=[k for k in s.commitments.values() if k.participant_id == who.pid and not k.withdrawn],
            **page_context(who),
        )
    )


# -- editing one's own contribution while its activity is open -------------------------------------------
def edit_page(who: Visitor, c: Contribution, *, text: str, error: Refusal | None = None) -> Response:
    s = who.facilitation.state
    found = s.activity(c.activity_id)
    prompt = pick(found[1].prompt, who.lang) if found and found[1].prompt else ""
    return who.finish(
        render(
            "edit.html",
            who.lang,
            contribution=c,
            prompt=prompt,
            max_text=MAX_TEXT,
            **page_context(who, error=error, draft={"text": text}),
        )
    )


def _still_open(who: Visitor, c: Contribution) -> Refusal | None:
    refused = contributions.refusal_to_change(who.facilitation.state, c, who.pid)
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


# -- withdrawing one's own contribution or commitment: a confirm page, then the post ---------------------
def confirm_withdrawal(
    who: Visitor, heading: str, quote: str, action: str, image: str = "", text: str = "web.withdraw.text"
) -> Response:
    return who.finish(
        render(
            "withdraw.html",
            who.lang,
            heading=heading,
            quote=quote,
            image=image,
            text=text,
            action=action,
            **page_context(who),
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
    refused = contributions.refusal_to_withdraw(c, who.pid)
    if refused is not None:
        return page(who, error=refusal(refused))
    return confirm_withdrawal(who, "web.withdraw.heading", c.text, f"{who.home}/c/{c.id}/withdraw")


@router.post("/j/{token}/c/{contribution_id}/withdraw")
async def withdraw(sub: SubmissionDep, contribution_id: str) -> Response:
    who = sub.who
    c = own_contribution(who, contribution_id)
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED)
    return await withdrawn(
        who, lambda: who.facilitation.withdraw_contribution(c.id, by_participant=who.pid), "withdrawn"
    )


@router.get("/j/{token}/k/{commitment_id}/withdraw")
async def withdraw_commitment_form(who: VisitorDep, commitment_id: str) -> Response:
    who.facilitation.refresh()
    k = own_commitment(who, commitment_id)
    refused = commitments.refusal_to_withdraw(k, who.pid)
    if refused is not None:
        return page(who, error=refusal(refused))
    return confirm_withdrawal(who, "web.withdraw.commitment_heading", k.what, f"{who.home}/k/{k.id}/withdraw")


@router.post("/j/{token}/k/{commitment_id}/withdraw")
async def withdraw_commitment(sub: SubmissionDep, commitment_id: str) -> Response:
    who = sub.who
    k = own_commitment(who, commitment_id)
    if who.flags.get("rate_limited"):
        return page(who, error=RATE_LIMITED)
    return await withdrawn(
        who, lambda: who.facilitation.withdraw_commitment(k.id, by_participant=who.pid), "commitment_withdrawn"
    )
