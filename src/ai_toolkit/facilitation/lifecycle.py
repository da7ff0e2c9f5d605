"""A session comes into being: made from a plan, opened from its folder, or imported from another laptop's export."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.decisions.retention import checked_keep_until
from ai_toolkit.facilitation.service import Clock, Facilitation, utcnow
from ai_toolkit.model import events as ev
from ai_toolkit.model.fold import fold
from ai_toolkit.model.plan import Plan, pick
from ai_toolkit.model.session import SessionInfo
from ai_toolkit.store.events import EventStore
from ai_toolkit.store.sessions import DB_NAME, SessionsDir, slug


def create_session(
    sessions: SessionsDir,
    plan: Plan,
    *,
    title: str,
    language: str = "en",
    project: str = "",
    partner: str = "",
    region: str = "",
    venue: str = "",
    on: date | None = None,
    facilitators: Iterable[str] = (),
    affirmative_topic: str | None = None,
    controller: str = "",
    contact: str = "",
    keep_until: date | str | None = None,
    clock: Clock = utcnow,
) -> Facilitation:
    """Make a new session folder and database, built aside and moved into place so it is never half-written.

    The privacy details default to what a partner would say: the partner keeps the data (``controller``), for a
    year after the session (``keep_until``, ``decisions.retention``)."""
    now = clock()
    title = checks.short(title, "title", required=True)
    language = checks.language(language)
    topic = pick(plan.affirmative_topic, language) if affirmative_topic is None else affirmative_topic
    session_date = on or now.date()
    partner = checks.short(partner, "partner")
    info = SessionInfo(
        id=f"{session_date.isoformat()}-{slug(title, 30)}-{secrets.token_hex(3)}",
        title=title,
        project=checks.short(project, "project"),
        partner=partner,
        region=checks.short(region, "region"),
        venue=checks.short(venue, "venue"),
        date=session_date,
        language=language,
        facilitators=[checks.short(f, "facilitator", required=True) for f in facilitators if f.strip()],
        affirmative_topic=checks.text(topic, "affirmative topic", checks.MAX_TOPIC, required=False),
        **_fresh_tokens(),
        controller=checks.short(controller, "controller") or partner,
        contact=checks.short(contact, "contact"),
        keep_until=checked_keep_until(keep_until, session_date, now.date()),
    )
    return _materialise(sessions, [ev.Recorded(seq=1, at=now, event=ev.SessionCreated(info=info, plan=plan))], clock)


def import_records(
    sessions: SessionsDir,
    records: list[ev.Recorded],
    *,
    clock: Clock = utcnow,
    files: Callable[[Path], None] | None = None,
) -> Facilitation:
    """Make a session from a whole event log (an import); the log is folded first, so a bad one is refused whole.

    ``files`` fills the new session's folder (its photos) before it is moved into place: if it refuses, there is
    no session at all."""
    fold(records)
    return _materialise(sessions, with_fresh_tokens(records), clock, files)


def with_fresh_tokens(records: list[ev.Recorded]) -> list[ev.Recorded]:
    """The log with new join and facilitator tokens. An export carries none (older ones did): whatever a file
    says, the imported session's pages open with keys only this laptop has. The short join code follows the new
    join token (``decisions.joining``); old posters and QR codes lead nowhere."""
    created = records[0].event
    assert isinstance(created, ev.SessionCreated)
    info = created.info.model_copy(update=_fresh_tokens())
    return [records[0].model_copy(update={"event": created.model_copy(update={"info": info})}), *records[1:]]


def _fresh_tokens() -> dict[str, str]:
    return {"join_token": secrets.token_urlsafe(24), "facilitator_token": secrets.token_urlsafe(24)}


def open_session(sessions: SessionsDir, ref: str, *, clock: Clock = utcnow) -> Facilitation:
    session_id = sessions.resolve(ref)
    f = Facilitation(EventStore(sessions.db_path(session_id)), clock=clock)
    f.tidy_photo_files()  # a withdrawn photo's file that a crash left behind goes now
    return f


def _materialise(
    sessions: SessionsDir,
    records: list[ev.Recorded],
    clock: Clock,
    files: Callable[[Path], None] | None = None,
) -> Facilitation:
    created = records[0].event
    assert isinstance(created, ev.SessionCreated)
    session_id = created.info.id
    staging = sessions.staging(session_id)
    try:
        store = EventStore(staging / DB_NAME, create=True)
        try:
            with store.transaction():
                for rec in records:
                    store.append(rec.event, at=rec.at, client_id=rec.client_id)
        finally:
            store.close()
        if files is not None:
            files(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # never leave a half-built session behind
        raise
    folder = sessions.publish(staging, session_id)
    return Facilitation(EventStore(folder / DB_NAME), clock=clock)
